package io.veriregime.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page of ours opened in a real headless Chromium ({@code -Dveriregime.chromium}, else Debian's
 * {@code /usr/bin/chromium}; the README's requirements name it and {@code .ci/run} installs it): it
 * loads without console errors, fetches nothing from the network, every image decodes, and a
 * screenshot is kept for a person to look at. A missing browser fails the test with one line naming
 * the package; it is never installed from a test, nor skipped.
 */
public final class HeadlessChromium {

  private static final Path CHROMIUM = Path.of(System.getProperty("veriregime.chromium", "/usr/bin/chromium"));

  private HeadlessChromium() {}

  /** Fails, naming the package, when there is no Chromium to open the page with. */
  public static void requireInstalled() {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("The browser test needs Chromium at " + CHROMIUM + ": install the Debian package chromium"
          + " (apt-get install -y chromium) or point -Dveriregime.chromium at a Chromium binary.");
    }
  }

  /**
   * Opens {@code html}, keeps a screenshot at {@code screenshot} and checks the page as a browser shows it.
   *
   * @return how many images the page has, all of them decoded
   */
  public static int assertOpensCleanly(Path html, Path profile, Path screenshot, int minimumImages) throws Exception {
    String page = Files.readString(html);
    int images = count(page, "<img ");
    assertThat(images).as("charts in the page").isGreaterThanOrEqualTo(minimumImages);
    assertThat(page).as("nothing fetched from the network").doesNotContain("http://", "https://");

    Files.deleteIfExists(screenshot);
    Result shot = chromium(profile.resolve("shot"), "--screenshot=" + screenshot, "--window-size=1280,6000",
        html.toUri().toString());
    assertThat(shot.status).as(shot.output).isZero();
    assertThat(screenshot).isNotEmptyFile();
    assertThat(consoleMessages(shot.output)).as("console messages").isEmpty();

    // a copy of the page that writes, once loaded, how many of its images decoded into the DOM
    Path probe = profile.resolve("probe.html");
    Files.writeString(probe, page.replace("</body>", """
        <script>window.addEventListener('load', () => {
          const images = [...document.images];
          document.body.setAttribute('data-images', images.length);
          document.body.setAttribute('data-decoded', images.filter(i => i.complete && i.naturalWidth > 0).length);
        });</script></body>"""));
    Result dom = chromium(profile.resolve("dom"), "--dump-dom", "--virtual-time-budget=10000", probe.toUri().toString());
    assertThat(dom.status).as(dom.output).isZero();
    assertThat(attribute(dom.output, "data-images")).isEqualTo(images);
    assertThat(attribute(dom.output, "data-decoded")).as("charts that decoded").isEqualTo(images);
    assertThat(consoleMessages(dom.output)).as("console messages").isEmpty();
    return images;
  }

  private static Result chromium(Path profile, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
    command.addAll(List.of(arguments));
    return run(command, 120);
  }

  /** Chromium's log lines for the page's console ({@code CONSOLE(line)] "message"}). */
  private static List<String> consoleMessages(String output) {
    return output.lines().filter(line -> line.contains(":CONSOLE(")).toList();
  }

  private static int attribute(String dom, String name) {
    Matcher matcher = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
    assertThat(matcher.find()).as(name + " in the dumped DOM:\n" + dom.substring(0, Math.min(2000, dom.length())))
        .isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static int count(String text, String fragment) {
    int count = 0;
    for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
      count++;
    }
    return count;
  }

  private record Result(int status, String output) {}

  private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Path log = Files.createTempFile("chromium", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("`" + String.join(" ", command) + "` did not finish in " + timeoutSeconds + " s");
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.delete(log);
    }
  }
}
