package org.distill4j.framework.data;

/**
 * A data set could not be found, read or split. The message is always one line and names the file
 * (or the places that were searched) and what is wrong, because it is usually printed as-is by the
 * command line, e.g. {@code /x/train-images-idx3-ubyte.gz: truncated: expected 47040000 pixel bytes, found 1200}.
 */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
