"""Oracle values for KolmogorovDistributionTest: scipy.stats.kstwo.sf over every branch of
Simard and L'Ecuyer's method choice. Run with Debian's python3-scipy:
    python3 src/test/oracle/kstwo.py > src/test/resources/oracle/kstwo.csv"""
import numpy as np
import scipy
from scipy.stats import kstwo

print(f"# scipy {scipy.__version__}: n,d,kstwo.sf(d, n)")
for n in [5, 37, 140, 141, 500, 4737, 8571, 20000, 51429, 99999, 100001, 857143, 1000001, 3000000]:
    for x in [0.6 / n, 0.9 / n, 1.5 / n, 0.5 / np.sqrt(n), 0.8 / np.sqrt(n), 1.0 / np.sqrt(n),
              1.3 / np.sqrt(n), 1.49 / np.sqrt(n), 1.6 / np.sqrt(n), 1.9 / np.sqrt(n), 2.5 / np.sqrt(n),
              3.0 / np.sqrt(n), 3.6 / np.sqrt(n), 4 / np.sqrt(n), 0.3, 0.55, 1 - 1.5 / n,
              # the far tail, where p-values are tiny (n·d² from 25 to 361; SciPy drops to 0 at 370)
              5 / np.sqrt(n), 7 / np.sqrt(n), 10 / np.sqrt(n), 14 / np.sqrt(n), 18.8 / np.sqrt(n),
              19 / np.sqrt(n)]:
        if 0 < x < 1:
            print(f"{n},{float(x)!r},{float(kstwo.sf(x, n))!r}")
