package dev.cairn.bench.e2e;

/** One row of the results table: a scenario measured on one daemon. */
final class Result {
  final String scenario;
  final String daemon;

  /** Seconds from the feeder's first UPDATE until the receiver held (or lost) every prefix. */
  double converge = Double.NaN;

  /** Seconds until the receiver's last UPDATE (best-path churn settles after convergence). */
  double settle = Double.NaN;

  /** Seconds until the kernel held every route (FIB runs). */
  double kernel = Double.NaN;

  double peakRssMb = Double.NaN;
  double baseRssMb = Double.NaN;
  double cpu = Double.NaN;
  int routes;
  String status = "ok";

  Result(String scenario, String daemon) {
    this.scenario = scenario;
    this.daemon = daemon;
  }

  /** RSS growth per route while the table filled, in bytes. */
  double bytesPerRoute() {
    return routes == 0 ? Double.NaN : (peakRssMb - baseRssMb) * 1024 * 1024 / routes;
  }
}
