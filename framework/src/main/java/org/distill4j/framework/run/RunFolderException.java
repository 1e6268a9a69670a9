package org.distill4j.framework.run;

/** The output folder cannot be used; the message names it and why. */
public final class RunFolderException extends RuntimeException {
    public RunFolderException(String message) {
        super(message);
    }
}
