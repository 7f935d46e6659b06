package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.ToolInstall;
import io.veriregime.runtime.files.Resources;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.Versions;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.stage.ToolEnvironment;
import io.veriregime.runtime.experiment.EzklConfig;
import io.veriregime.runtime.process.ChildProcess;
import io.veriregime.runtime.process.Heartbeat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Finds or creates the pinned EZKL. Order: {@code zk.ezkl.ezklExecutable} (not supported: the driver
 * needs the Python API), {@code zk.ezkl.python} (checked for the pinned version), then an isolated venv
 * under {@code zk.ezkl.toolsDir/<version>/venv}. The venv is built in a temporary sibling directory and
 * renamed into place under a file lock, so two builds racing on a fresh machine install it once and
 * an interrupted install never leaves a directory that looks usable.
 */
final class EzklProvisioner {

  private static final String DRIVER_RESOURCE = "ezkl_driver.py";
  /** The pinned ezkl with the sha256 of every wheel PyPI has for it (pip {@code --require-hashes}). */
  static final String REQUIREMENTS_RESOURCE = "ezkl-requirements.txt";
  /** pip's words when the index has no file for this platform (or no ezkl at all). */
  private static final String NO_MATCHING_WHEEL = "No matching distribution found for ezkl";
  /** pip's words when it could not reach the index; then the platform is not the problem. */
  private static final Pattern NETWORK_TROUBLE = Pattern.compile("Retrying|ConnectionError|ProxyError|SSLError|Max retries");
  /** pip's default index, to find the proxy pip will use for it. */
  private static final String PYPI = "https://pypi.org/simple";
  /** The platforms ezkl-requirements.txt has a wheel for. */
  private static final String SUPPORTED_PLATFORMS = "Linux x86_64 (glibc 2.17+ or musl), Linux aarch64 with musl (Alpine),"
      + " macOS (x86_64 and Apple silicon) and Windows (x86 and x64)";

  private final Section<EzklConfig> section;
  private final EzklConfig zk;
  private final ToolEnvironment env;
  private final StageLog log;
  private final String pinned = Versions.ezkl();

  EzklProvisioner(Section<EzklConfig> section, ToolEnvironment env) {
    this.section = section;
    this.zk = section.values();
    this.env = env;
    this.log = env.log();
  }

  Ezkl provision() {
    if (zk.ezklExecutable() != null) {
      throw section.error("ezklExecutable",
          "VeriRegime drives EZKL through its Python API (ezkl==" + pinned + "); a standalone ezkl executable is not supported",
          "remove zk.ezkl.ezklExecutable; set zk.ezkl.python to an interpreter with ezkl==" + pinned
              + " installed, or set neither and VeriRegime installs it under zk.ezkl.toolsDir");
    }
    Path home = zk.toolsDir().resolve(pinned);
    Path driver = installDriver(home);
    if (zk.python() != null) {
      return checked(zk.python(), driver, "python");
    }
    Path venv = home.resolve("venv");
    if (!ToolInstall.isReady(venv)) {
      createVenv(home, venv);
    }
    return checked(venvPython(venv), driver, "toolsDir");
  }

  /** Runs the driver's version step, so a wrong interpreter fails here with advice, not mid-proof. */
  private Ezkl checked(Path python, Path driver, String sectionKey) {
    String key = section.key(sectionKey);
    if (!Files.isExecutable(python)) {
      throw section.error(sectionKey, "no Python interpreter at " + python,
          key.equals("zk.ezkl.python") ? "point zk.ezkl.python at an interpreter that has ezkl==" + pinned
              : "delete " + python.getParent().getParent() + " so VeriRegime reinstalls EZKL");
    }
    Ezkl ezkl = new Ezkl(python, driver, pinned, env.timeout(), log);
    String found;
    try {
      found = ezkl.run("version", Map.of()).result().path("ezkl").asText();
    } catch (Ezkl.EzklFailure failure) {
      throw section.error(sectionKey, python + " cannot import ezkl (" + failure.ezklMessage() + ")",
          "install it with '" + python + " -m pip install ezkl==" + pinned + "', or remove " + key);
    } catch (VeriRegimeException notPython) {
      throw section.error(sectionKey, python + " is not a usable Python interpreter: " + notPython.getMessage(),
          "point " + key + " at a Python 3 interpreter with ezkl==" + pinned + ", or remove it");
    }
    if (!pinned.equals(found)) {
      throw section.error(sectionKey, python + " has ezkl " + found + " but VeriRegime is pinned to ezkl " + pinned,
          "run '" + python + " -m pip install ezkl==" + pinned + "', or remove " + key
              + " and let VeriRegime use its own environment");
    }
    return ezkl;
  }

  /** The driver script is stored under its content hash, so a changed driver never reuses an old copy. */
  private Path installDriver(Path home) {
    byte[] script = resource(DRIVER_RESOURCE);
    Path driver = home.resolve("ezkl_driver-" + Hashing.sha256(script).substring(0, 12) + ".py");
    if (!Files.exists(driver)) {
      createDirectories(home);
      AtomicFiles.write(driver, script);
    }
    return driver;
  }

  static byte[] resource(String name) {
    return Resources.read(EzklProvisioner.class, name);
  }

  private void createVenv(Path home, Path venv) {
    if (env.offline()) {
      throw new VeriRegimeException("EZKL " + pinned + " is not installed at " + venv
          + " and the build is offline. Run the build once online so VeriRegime can install it, or set zk.ezkl.python"
          + " in experiment.yaml to an interpreter that has ezkl==" + pinned + ".");
    }
    createDirectories(home);
    installUnderLock(home, venv);
  }

  /** Under the install lock, so two builds racing on a fresh machine create the environment once. */
  private void installUnderLock(Path home, Path venv) {
    try {
      boolean installed = ToolInstall.install(venv, home.resolve("install.lock"), "ezkl==" + pinned, staging -> {
        log.info("EZKL " + pinned + ": first use on this machine; installing ezkl==" + pinned + " from " + indexName()
            + " into a new Python environment at " + venv + " (reused by later builds)"
            + env.proxies().forUri(URI.create(zk.pipIndexUrl() == null ? PYPI : zk.pipIndexUrl()))
                .map(proxy -> " through the proxy " + proxy.host() + ":" + proxy.port()).orElse(""));
        install(staging);
      });
      log.info("EZKL " + pinned + ": " + (installed ? "installed at " : "another build finished installing it at ") + venv);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not install EZKL under " + home + ": " + e.getMessage()
          + ". Check that zk.ezkl.toolsDir is writable, or set zk.ezkl.python to an interpreter that has ezkl==" + pinned + ".", e);
    }
  }

  /**
   * python3 -m venv, then pip installs the pinned ezkl wheel, checked against its sha256, and pip
   * and setuptools leave again: VeriRegime only ever runs the interpreter, and the copies venv
   * seeds are whatever this Python shipped with, often with published vulnerabilities that would
   * make scanners flag the environment. A venv is not relocatable in general, but VeriRegime never
   * runs its entry-point scripts, and the interpreter finds its environment through pyvenv.cfg
   * beside it, so the rename into place is safe.
   */
  private void install(Path staging) {
    String bootstrap = System.getProperty("os.name").startsWith("Windows") ? "python" : "python3";
    runInstallCommand(List.of(bootstrap, "-m", "venv", staging.toString()), false,
        "could not create a Python environment with '" + bootstrap + " -m venv' (is Python 3.9+ installed and on the PATH?)");
    Path requirements = staging.resolve(REQUIREMENTS_RESOURCE);
    AtomicFiles.write(requirements, resource(REQUIREMENTS_RESOURCE));
    String python = venvPython(staging).toString();
    List<String> pip = new ArrayList<>(List.of(python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
        "--progress-bar", "off", "--require-hashes", "--only-binary", ":all:", "-r", requirements.toString()));
    if (zk.pipIndexUrl() != null) {
      pip.addAll(List.of("--index-url", zk.pipIndexUrl())); // else pip's own configuration (pip.conf, PIP_INDEX_URL) applies
    }
    runInstallCommand(pip, false, "pip could not install ezkl==" + pinned + " (network, proxy or index)");
    runInstallCommand(List.of(python, "-m", "pip", "uninstall", "--disable-pip-version-check", "--no-input", "--yes",
        "pip", "setuptools"), true, "could not remove the pip and setuptools that venv put into the environment");
  }

  /** For messages: where pip looks. */
  private String indexName() {
    return zk.pipIndexUrl() == null ? "PyPI" : zk.pipIndexUrl() + " (zk.ezkl.pipIndexUrl)";
  }

  /**
   * Runs one install step through the build's proxies (as the standard variables, which pip reads),
   * reporting every {@link Ezkl#HEARTBEAT_INTERVAL} while it is quiet.
   *
   * @param quiet its output only to the debug log (pip warns about every package it skips)
   */
  private void runInstallCommand(List<String> command, boolean quiet, String problem) {
    List<String> output = new ArrayList<>();
    Consumer<String> out = quiet ? log::debug : log::info;
    Consumer<String> err = quiet ? log::debug : log::warn;
    ChildProcess.Result result;
    try (Heartbeat ignored = Heartbeat.every(Ezkl.HEARTBEAT_INTERVAL,
        elapsed -> log.info("EZKL " + pinned + " install: still running, " + elapsed.toSeconds() + " s"))) {
      result = ChildProcess.run(command, zk.toolsDir(), env.proxies().toEnvironment(), env.timeout(),
          line -> { output.add(line); out.accept("  " + line); },
          line -> { output.add(line); err.accept("  " + line); });
    } catch (RuntimeException e) {
      throw new VeriRegimeException("EZKL install: " + problem + ": " + e.getMessage()
          + ". Install Python 3.9+ or set zk.ezkl.python in experiment.yaml to an interpreter that has ezkl==" + pinned + ".", e);
    }
    if (!result.timedOut() && result.exitCode() != 0 && output.stream().anyMatch(line -> line.contains(NO_MATCHING_WHEEL))
        && output.stream().noneMatch(line -> NETWORK_TROUBLE.matcher(line).find())) {
      throw new VeriRegimeException("EZKL install: " + indexName() + " has no ezkl==" + pinned + " wheel for this machine ("
          + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "). EZKL " + pinned + " is published for "
          + SUPPORTED_PLATFORMS + " only." + (zk.pipIndexUrl() == null ? "" : " If zk.ezkl.pipIndexUrl is a mirror, check that"
          + " it carries ezkl " + pinned + ".") + " On another platform set zk.ezkl.python in experiment.yaml to an interpreter"
          + " that has ezkl==" + pinned + " (built from source), or run the zk goals on a supported machine.");
    }
    if (result.timedOut() || result.exitCode() != 0) {
      throw new VeriRegimeException("EZKL install: " + problem + "; '" + String.join(" ", command) + "' "
          + (result.timedOut() ? "timed out after zk.timeout" : "exited with status " + result.exitCode())
          + ". Last output:\n" + String.join("\n", output.subList(Math.max(0, output.size() - 10), output.size()))
          + "\nFix the cause, or set zk.ezkl.python in experiment.yaml to an interpreter that has ezkl==" + pinned + ".");
    }
  }

  private static Path venvPython(Path venv) {
    return System.getProperty("os.name").startsWith("Windows")
        ? venv.resolve("Scripts").resolve("python.exe")
        : venv.resolve("bin").resolve("python");
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not create " + dir + " for EZKL: " + e.getMessage()
          + ". Set zk.ezkl.toolsDir in experiment.yaml to a writable directory.", e);
    }
  }
}
