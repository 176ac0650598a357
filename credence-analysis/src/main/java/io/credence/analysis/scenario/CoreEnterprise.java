package io.credence.analysis.scenario;

import java.math.BigDecimal;

/**
 * The core enterprise's side of one financed receivable: what confirming it on the chain costs
 * (fees, staff time) and what it gains (longer payment terms, a steadier supply chain), in yuan.
 */
public record CoreEnterprise(BigDecimal costYuan, BigDecimal benefitYuan) {
  public BigDecimal gainYuan() {
    return benefitYuan.subtract(costYuan);
  }
}
