package io.credence.planted.dto;

/** A class in a package named dto: must fail {@code NO_KIND_PACKAGES}. */
public final class InKindPackage {}
