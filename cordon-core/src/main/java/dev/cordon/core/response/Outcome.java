package dev.cordon.core.response;

import java.util.List;

/**
 * Result of one contain or release run.
 *
 * @param changed steps that called AWS in this run
 * @param alreadyDone steps skipped because the journal or AWS showed them done
 * @param journalCheck the journal's hash-chain check after the run
 */
public record Outcome(
    String incidentId, List<String> changed, List<String> alreadyDone, Journal.ChainCheck journalCheck) {}
