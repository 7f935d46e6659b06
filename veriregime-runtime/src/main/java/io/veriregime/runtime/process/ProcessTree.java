package io.veriregime.runtime.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.exec.ProcessDestroyer;

/**
 * Ends a child process together with everything it started. A process killed alone leaves its own
 * children running with parent 1 (a training JVM's native threads live in the JVM, but EZKL's
 * Python and anything a shell starts are separate processes), so the whole tree is collected
 * <em>before</em> the root is signalled: once the root has died its children are no longer its
 * descendants and cannot be found.
 *
 * <p>The {@link #DESTROYER} is the Commons Exec {@link ProcessDestroyer} every {@link ChildProcess}
 * registers with: while at least one child runs, a JVM shutdown hook is installed that ends every
 * registered child's tree when the JVM ends (Ctrl-C, SIGTERM, {@code System.exit}, the end of the
 * Maven build). {@code kill -9} of the JVM cannot be intercepted by any hook.
 */
final class ProcessTree {

  /** How long a tree gets to exit after SIGTERM before it is killed with SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(3);

  /** Registered with every Commons Exec executor that {@link ChildProcess} creates. */
  static final ProcessDestroyer DESTROYER = new TreeDestroyer();

  private ProcessTree() {}

  /** The root and all its descendants at this moment, root first. */
  static List<ProcessHandle> snapshot(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    return tree;
  }

  /**
   * Asks every process in the tree to stop (SIGTERM), waits up to {@code grace} for them to exit,
   * then kills what is left (SIGKILL), including anything started in the meantime.
   */
  static void destroy(ProcessHandle root, Duration grace) {
    List<ProcessHandle> tree = snapshot(root);
    terminate(tree, grace);
  }

  /** SIGTERM to each process of a snapshot, then SIGKILL after {@code grace} to survivors. */
  static void terminate(List<ProcessHandle> tree, Duration grace) {
    // descendants first, so a parent that reacts to its children dying cannot start new ones
    for (int i = tree.size() - 1; i >= 0; i--) {
      tree.get(i).destroy();
    }
    awaitExit(tree, grace);
    Set<ProcessHandle> survivors = new LinkedHashSet<>();
    for (ProcessHandle process : tree) {
      if (process.isAlive()) {
        survivors.add(process);
        process.descendants().forEach(survivors::add);
      }
    }
    survivors.forEach(ProcessHandle::destroyForcibly);
    awaitExit(List.copyOf(survivors), grace);
  }

  private static void awaitExit(List<ProcessHandle> processes, Duration limit) {
    CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // the caller deals with survivors
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Like Commons Exec's {@code ShutdownHookProcessDestroyer}, but ends each child's whole tree. The
   * hook is installed while a child runs and removed when none does, so a long-lived Maven
   * daemon (mvnd) does not keep this plugin's class loader alive through a hook.
   */
  private static final class TreeDestroyer implements ProcessDestroyer {
    private final Set<Process> processes = new LinkedHashSet<>();
    /** Made once, up front: installing it must cost nothing while a child is already running. */
    private final Thread hook = new Thread(new Runnable() {
      @Override
      public void run() {
        destroyAll();
      }
    }, "veriregime-child-process-destroyer");
    private boolean hookInstalled;
    private boolean shuttingDown;

    @Override
    public synchronized boolean add(Process process) {
      if (shuttingDown) {
        // the JVM is already ending: nothing may outlive it
        destroy(process.toHandle(), GRACE);
        return false;
      }
      if (!hookInstalled) {
        Runtime.getRuntime().addShutdownHook(hook);
        hookInstalled = true;
      }
      return processes.add(process);
    }

    @Override
    public synchronized boolean remove(Process process) {
      boolean removed = processes.remove(process);
      if (processes.isEmpty() && hookInstalled && !shuttingDown) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
          hookInstalled = false;
        } catch (IllegalStateException shutdownInProgress) {
          // the hook is running or about to: it will find nothing left to do
        }
      }
      return removed;
    }

    @Override
    public synchronized int size() {
      return processes.size();
    }

    private void destroyAll() {
      List<ProcessHandle> all = new ArrayList<>();
      synchronized (this) {
        shuttingDown = true;
        processes.forEach(process -> all.addAll(snapshot(process.toHandle())));
      }
      terminate(all, GRACE);
    }
  }
}
