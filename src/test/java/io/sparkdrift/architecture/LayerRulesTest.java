package io.sparkdrift.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, checked on the compiled product classes: imports point down
 * only, packages never import each other in a circle, and the pure layers stay free of Spark.
 */
class LayerRulesTest {
    private static JavaClasses product;

    @BeforeAll
    static void importProductClasses() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("io.sparkdrift");
    }

    @Test
    void importsPointDownTheLayersOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("math").definedBy("io.sparkdrift.math..")
                .layer("profile").definedBy("io.sparkdrift.profile..")
                .layer("compare").definedBy("io.sparkdrift.compare..")
                .layer("run").definedBy("io.sparkdrift.run..")
                .layer("scan").definedBy("io.sparkdrift.scan..")
                .layer("exact").definedBy("io.sparkdrift.exact")
                .layer("exact.core").definedBy("io.sparkdrift.exact.core..")
                .layer("store").definedBy("io.sparkdrift.store..")
                .layer("output").definedBy("io.sparkdrift.output..")
                .layer("report").definedBy("io.sparkdrift.report..")
                .layer("job").definedBy("io.sparkdrift.job..")
                .layer("settings").definedBy("io.sparkdrift.settings..")
                .layer("api").definedBy("io.sparkdrift.api..")
                .layer("cli").definedBy("io.sparkdrift.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("api").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("settings").mayOnlyBeAccessedByLayers("api", "cli")
                .whereLayer("job").mayOnlyBeAccessedByLayers("settings", "api", "cli")
                .whereLayer("output").mayOnlyBeAccessedByLayers("job", "settings", "api", "cli")
                .whereLayer("report").mayOnlyBeAccessedByLayers("job", "api", "cli")
                .whereLayer("store").mayOnlyBeAccessedByLayers("job", "settings", "api", "cli")
                .whereLayer("exact").mayOnlyBeAccessedByLayers("job", "api", "cli")
                .whereLayer("exact.core").mayOnlyBeAccessedByLayers("exact", "job", "api", "cli")
                .whereLayer("scan").mayOnlyBeAccessedByLayers("exact", "store", "job", "settings", "api", "cli")
                .whereLayer("run").mayOnlyBeAccessedByLayers("scan", "exact", "store", "output", "report", "job", "settings",
                        "api", "cli")
                .whereLayer("compare").mayOnlyBeAccessedByLayers("run", "scan", "exact", "store", "output", "report", "job",
                        "settings", "api", "cli")
                .whereLayer("profile").mayOnlyBeAccessedByLayers("compare", "run", "scan", "exact", "exact.core", "store",
                        "output", "report", "job", "settings", "api", "cli")
                .check(product);
    }

    @Test
    void noPackagesImportEachOtherInACircle() {
        slices().matching("io.sparkdrift.(**)").should().beFreeOfCycles().check(product);
    }

    @Test
    void pureLayersImportNoSparkScalaOrHadoop() {
        noClasses().that().resideInAnyPackage("io.sparkdrift.math..", "io.sparkdrift.profile..", "io.sparkdrift.compare..",
                "io.sparkdrift.run..", "io.sparkdrift.exact.core..", "io.sparkdrift.report..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.hadoop..")
                .check(product);
    }

    @Test
    void theProductHoldsNoBenchmarkSampleGeneratorOrTestOracle() {
        noClasses().should().resideInAnyPackage("io.sparkdrift.bench..", "io.sparkdrift.sample..")
                .orShould().haveSimpleName("EmpiricalDistances").orShould().haveSimpleName("WeightedSample")
                .check(product);
    }
}
