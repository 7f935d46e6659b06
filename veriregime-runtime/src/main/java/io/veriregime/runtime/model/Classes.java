package io.veriregime.runtime.model;

import java.util.List;

/**
 * The classes every model predicts, in label order (DEVELOPERS.md, "data/"): label 0 = SELL,
 * 1 = HOLD, 2 = BUY. model.json names them and every logits tensor has one column per class.
 */
public final class Classes {

  public static final List<String> NAMES = List.of("SELL", "HOLD", "BUY");

  private Classes() {}
}
