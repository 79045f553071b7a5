import java.nio.file.*;
import java.util.*;

public class RunCases {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    var doc = (Map<String, Object>) new GzCbec2023.Json(Files.readString(Path.of("cases.json"))).value();
    var cases = (List<Map<String, Object>>) doc.get("cases");
    int failed = 0;
    for (var c : cases) {
      var got = new StringBuilder();
      var want = new StringBuilder();
      GzCbec2023.Json.write(GzCbec2023.evaluate((Map<String, Object>) c.get("application")), got);
      GzCbec2023.Json.write(c.get("expected"), want);
      if (!got.toString().equals(want.toString())) { failed++; System.out.println("FAIL " + c.get("name")); }
    }
    System.out.println((cases.size() - failed) + "/" + cases.size() + " cases pass");
    System.exit(failed == 0 ? 0 : 1);
  }
}
