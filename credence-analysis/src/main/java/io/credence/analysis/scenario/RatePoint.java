package io.credence.analysis.scenario;

import java.math.BigDecimal;

/** Economic profit per loan at one client rate, without and with the chain. */
public record RatePoint(
    BigDecimal clientRateAnnual,
    BigDecimal economicProfitWithoutChain,
    BigDecimal economicProfitWithChain) {}
