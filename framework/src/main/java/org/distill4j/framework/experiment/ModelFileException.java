package org.distill4j.framework.experiment;

/** A model file given on the command line is missing or unreadable. */
public final class ModelFileException extends RuntimeException {
    public ModelFileException(String message) {
        super(message);
    }
}
