package io.logcount.spark;

import java.io.File;

import org.apache.spark.sql.SparkSession;

/**
 * A Spark SQL session with Hive support on this machine only: local[2] (the CI machine's two
 * cores), Hive's own metastore code (Spark's built-in Hive 2.3 client) over an embedded Derby
 * database in a folder of the test's, so no run sees another's tables and nothing is written
 * to the working directory (where Derby and the warehouse would go by default).
 */
final class LocalHiveSession {

  private LocalHiveSession() {
  }

  /** Starts the session; its metastore, warehouse and Derby log live under {@code dir}. */
  static SparkSession start(File dir) {
    // Derby reads its home (where derby.log goes) from a system property, once, at boot.
    System.setProperty("derby.system.home", new File(dir, "derby").getAbsolutePath());
    String metastore = new File(dir, "metastore_db").getAbsolutePath();
    SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName("logcount-hive-it")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.local.dir", new File(dir, "spark-local").getAbsolutePath())
        .config("spark.sql.warehouse.dir", new File(dir, "warehouse").toURI().toString())
        .config("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + metastore + ";create=true")
        .enableHiveSupport()
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
