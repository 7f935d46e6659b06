package io.veriregime.runtime.layout;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every stage's name and the stages whose outputs it reads, in pipeline order: the one place that
 * says who reads whom. A stage that reads another's outputs names it here, never by importing that
 * stage's class, and {@link Layout#dir(StageId)} says where those outputs are. DEVELOPERS.md's
 * "Who reads whom" table is checked against this list ({@code StageIdTest}).
 */
public enum StageId {
  FETCH_DATA("fetch-data"),
  TRAIN_TEACHER("train-teacher", FETCH_DATA),
  DISTILL("distill", FETCH_DATA, TRAIN_TEACHER),
  OPTIMIZE("optimize", FETCH_DATA, TRAIN_TEACHER, DISTILL),
  // the student to prove comes from distill or optimize (Layout.studentSource)
  ZK_COMPILE("zk-compile", FETCH_DATA, TRAIN_TEACHER, DISTILL, OPTIMIZE),
  ZK_PROVE("zk-prove", FETCH_DATA, DISTILL, OPTIMIZE, ZK_COMPILE),
  REPORT("report", FETCH_DATA, TRAIN_TEACHER, DISTILL, OPTIMIZE, ZK_COMPILE, ZK_PROVE),
  BUNDLE("bundle", FETCH_DATA, TRAIN_TEACHER, DISTILL, OPTIMIZE, ZK_COMPILE, ZK_PROVE, REPORT);

  private final String goal;
  private final List<StageId> reads;

  StageId(String goal, StageId... reads) {
    this.goal = goal;
    this.reads = List.of(reads);
  }

  /** The goal name, also the CLI command and the name in manifests and messages. */
  public String goal() {
    return goal;
  }

  /** The stages whose outputs this one reads (each after {@code Upstream.verify}), in pipeline order. */
  public List<StageId> reads() {
    return reads;
  }

  /** The stage with this goal name, if there is one. */
  public static Optional<StageId> of(String goal) {
    return Arrays.stream(values()).filter(id -> id.goal.equals(goal)).findFirst();
  }

  /** The goal name, so that a log line or message reads as it did when stages were named by strings. */
  @Override
  public String toString() {
    return goal;
  }
}
