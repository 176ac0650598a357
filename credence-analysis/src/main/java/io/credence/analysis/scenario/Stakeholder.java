package io.credence.analysis.scenario;

import java.math.BigDecimal;

/**
 * One party's gain per loan from lending on the chain rather than without it, in yuan.
 *
 * @param basis how the figure was reached, in plain words
 */
public record Stakeholder(String party, BigDecimal gainYuan, String basis) {
  public boolean isLosing() {
    return gainYuan.signum() < 0;
  }
}
