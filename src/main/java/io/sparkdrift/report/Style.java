package io.sparkdrift.report;

/** The report's inline stylesheet and script. */
final class Style {
    private Style() {
    }

    static final String CSS = String.join("\n",
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:1400px;padding:16px 24px;color:#1d232b;background:#fafbfc}",
            "h1{margin:0 0 8px;font-size:24px}h1 .date{color:#56616d;font-weight:400}h2{font-size:18px;margin:24px 0 8px}",
            "h3{font-size:16px;margin:0 0 6px;word-break:break-all}",
            ".verdict{padding:8px 12px;border-radius:6px;margin:8px 0;font-size:15px}.verdict.bad{background:#fde2e1;border:1px solid #e5534b}",
            ".verdict.good{background:#e3f4e8;border:1px solid #2da44e}",
            "dl.run{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dl.run dt{color:#56616d}dl.run dd{margin:0;word-break:break-all}",
            ".filters{display:flex;gap:18px;align-items:center;margin:6px 0 10px}",
            "table{border-collapse:collapse;background:#fff}th,td{border:1px solid #d8dee4;padding:3px 8px;text-align:right;vertical-align:top}",
            "th{background:#f1f3f5;cursor:pointer;user-select:none}th small{color:#6b7580;font-weight:400}",
            "td:first-child,th:first-child,td:nth-child(2),td:nth-child(3),td:last-child{text-align:left}",
            "#features td:first-child{overflow-wrap:anywhere;min-width:140px;max-width:280px}",
            "tr.drift td:nth-child(3){color:#c2322b;font-weight:600}tr.err td:nth-child(3){color:#8250df;font-weight:600}td.na{color:#9aa4ae}",
            "th.asc::after{content:' ▲'}th.desc::after{content:' ▼'}",
            "section.feature{background:#fff;border:1px solid #d8dee4;border-left:5px solid #2da44e;border-radius:6px;padding:12px 16px;margin:14px 0}",
            "section.feature.drift{border-left-color:#e5534b}section.feature.err{border-left-color:#8250df}",
            ".badge{font-size:12px;font-weight:500;padding:1px 7px;border-radius:10px;background:#eef1f4;color:#44505c}",
            ".badge.s-DRIFT{background:#fde2e1;color:#b42318}table.segments td.drift{background:#fde2e1;color:#b42318;font-weight:600}.badge.s-error,.badge.s-schema_change{background:#f1e7fd;color:#6e40c9}.badge.s-ok{background:#e3f4e8;color:#1a7f37}",
            ".error{color:#6e40c9;font-weight:600}.why{color:#b42318;margin:2px 0}.warn{color:#93370d;margin:2px 0}.moved{margin:4px 0}.cats{margin:4px 0;word-break:break-all}",
            ".plots{display:flex;flex-wrap:wrap;gap:12px}svg.plot{width:640px;max-width:100%;height:auto;background:#fff}",
            "svg .ptitle{font-size:12px;font-weight:600;fill:#1d232b}svg .tick,svg .note{font-size:10px;fill:#56616d}",
            "svg .axis{stroke:#8c959f;stroke-width:1}svg .hl{fill:#fff3bf}svg .w1{fill:#e07b39;fill-opacity:.22;stroke:none}",
            "table.metrics,table.counts,table.bins{display:inline-table;margin:8px 16px 0 0;font-size:13px}span.note{color:#56616d;font-size:12px}tr.hit td{background:#fde2e1}",
            "p.omitted{color:#44505c;background:#fff;border:1px dashed #d8dee4;border-radius:6px;padding:8px 12px}",
            "[hidden]{display:none!important}");

    static final String SCRIPT = String.join("\n",
            "(function(){",
            "var table=document.getElementById('features');var body=table.tBodies[0];",
            "var only=document.getElementById('only-drifted'),type=document.getElementById('type-filter'),",
            "    name=document.getElementById('name-filter'),shown=document.getElementById('shown');",
            "function apply(){var q=name.value.toLowerCase(),n=0;",
            "  Array.prototype.forEach.call(body.rows,function(tr){",
            "    var ok=(!only.checked||tr.dataset.drifted==='true')&&(type.value==='all'||tr.dataset.type===type.value)",
            "      &&tr.dataset.name.toLowerCase().indexOf(q)>=0;",
            "    tr.hidden=!ok;var s=document.getElementById(tr.dataset.section);if(s){s.hidden=!ok;}if(ok){n++;}});",
            "  shown.textContent=n+' of '+body.rows.length+' features shown';}",
            "Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,col){",
            "  th.addEventListener('click',function(){",
            "    var asc=!th.classList.contains('asc');",
            "    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){h.classList.remove('asc','desc');});",
            "    th.classList.add(asc?'asc':'desc');var num=th.dataset.kind==='num';",
            "    var rows=Array.prototype.slice.call(body.rows);",
            "    rows.sort(function(a,b){var x=a.cells[col].dataset.v||'',y=b.cells[col].dataset.v||'';",
            "      if(num){x=x===''?-Infinity:parseFloat(x);y=y===''?-Infinity:parseFloat(y);return asc?x-y:y-x;}",
            "      return asc?x.localeCompare(y):y.localeCompare(x);});",
            "    rows.forEach(function(r){body.appendChild(r);});});});",
            "[only,type].forEach(function(e){e.addEventListener('change',apply);});name.addEventListener('input',apply);",
            "apply();document.body.dataset.ready='true';",
            "})();");
}
