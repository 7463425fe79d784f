package io.leadline.platform.db;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a schema mismatch at start-up as what it is, not as a stack trace. */
class SchemaMismatchFailureAnalyzer extends AbstractFailureAnalyzer<SchemaMismatchException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SchemaMismatchException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Run this build's migrations against the database (start once with "
                        + "leadline.platform.database.mode=migrate, or run flyway migrate in the deploy step).",
                cause);
    }
}
