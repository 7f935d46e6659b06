package io.veriregime.runtime.process;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a child process that VeriRegime starts (the runtime CLI in a child JVM, the EZKL driver in
 * Python) reports back besides its ordinary output: one line {@code veriregime-result: <payload>}
 * on stdout when it succeeded, or one line {@code veriregime-error: <message>} on stderr (and exit
 * status {@value #USER_ERROR}) when it failed in a way the user can act on. Every other line is
 * ordinary output, which the parent relays and keeps the last lines of to explain a failure.
 */
public final class ChildProtocol {

  public static final String RESULT_PREFIX = "veriregime-result: ";
  public static final String ERROR_PREFIX = "veriregime-error: ";
  /** The exit status of a child that reported a user-facing error. */
  public static final int USER_ERROR = 2;

  private ChildProtocol() {}

  /** Child side: reports the result as the protocol's last stdout line. */
  public static void printResult(String payload) {
    System.out.println(RESULT_PREFIX + payload);
  }

  /** Child side: reports a user-facing failure on one stderr line (newlines folded). */
  public static void printError(String message) {
    System.out.flush();
    System.err.println(ERROR_PREFIX + message.replace('\n', ' '));
  }

  /** Parent side: reads a child's result and error lines out of its output, and keeps its last lines. */
  public static final class Reply {
    private final int tailLines;
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile String result;
    private volatile String error;

    /** @param tailLines how many ordinary output lines to keep for explaining a failure */
    public Reply(int tailLines) {
      this.tailLines = tailLines;
    }

    /** A stdout consumer: takes the result line, hands every other line to {@code relay}. */
    public Consumer<String> stdout(Consumer<String> relay) {
      return answerOr(RESULT_PREFIX, answer -> result = answer, relay);
    }

    /** A stderr consumer: takes the error line, hands every other line to {@code relay}. */
    public Consumer<String> stderr(Consumer<String> relay) {
      return answerOr(ERROR_PREFIX, answer -> error = answer, relay);
    }

    private Consumer<String> answerOr(String prefix, Consumer<String> answer, Consumer<String> relay) {
      return line -> {
        if (line.startsWith(prefix)) {
          answer.accept(line.substring(prefix.length()));
        } else {
          remember(line);
          relay.accept(line);
        }
      };
    }

    public Optional<String> result() {
      return Optional.ofNullable(result);
    }

    public Optional<String> error() {
      return Optional.ofNullable(error);
    }

    /** The last ordinary lines the child printed (stdout and stderr interleaved), one per line. */
    public String tail() {
      synchronized (tail) {
        return String.join("\n", tail);
      }
    }

    private void remember(String line) {
      synchronized (tail) {
        tail.addLast(line);
        if (tail.size() > tailLines) {
          tail.removeFirst();
        }
      }
    }
  }
}
