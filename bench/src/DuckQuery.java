import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Runs one SQL statement in an in-memory DuckDB and prints each row, values separated by spaces. */
public final class DuckQuery {
  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      String threads = System.getenv("DUCK_THREADS");
      if (threads != null) {
        statement.execute("SET threads = " + Integer.parseInt(threads));
      }
      StringBuilder out = new StringBuilder();
      try (ResultSet rows = statement.executeQuery(args[0])) {
        int columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
          for (int i = 1; i <= columns; i++) {
            out.append(i > 1 ? " " : "").append(rows.getString(i));
          }
          out.append('\n');
        }
      }
      System.out.print(out);
    }
  }
}
