package org.distill4j.framework.cli;

import java.io.PrintWriter;
import org.distill4j.framework.data.DatasetException;
import org.distill4j.framework.experiment.ModelFileException;
import org.distill4j.framework.run.RunFolderException;
import org.distill4j.framework.training.ShapeInfoCache;
import org.distill4j.policies.config.RecipeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code distill}: the command line (picocli, chosen for typed options, generated help and
 * sub-commands with no reflection tricks of our own).
 *
 * <p>Exit status: 0 success; 2 bad input (recipe, data file, model file, output folder, usage);
 * 1 a failure while running. Errors are one line on standard error; {@code --debug} adds the
 * stack trace.
 */
@Command(name = "distill", mixinStandardHelpOptions = true, version = "distill4j 0.1.0",
        description = "Schedule-driven model compression for Deeplearning4j.",
        subcommands = {RunCommand.class, ValidateCommand.class, EvalCommand.class, BenchCommand.class, CompareCommand.class, LowRankCommand.class,
                QuantizeCommand.class, SenseCommand.class})
public final class DistillCommand implements Runnable {
    public static final int BAD_INPUT = 2;
    public static final int FAILURE = 1;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line on the standard streams and returns its exit status. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line with its output and errors going to the given writers (tests capture them). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        ShapeInfoCache.install();
        CommandLine cli = new CommandLine(new DistillCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getErr(), debug));
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("distill: " + e.getMessage());
            e.getCommandLine().getErr().println("(see '" + e.getCommandLine().getCommandName() + " --help')");
            return BAD_INPUT;
        });
        int status = cli.execute(args);
        out.flush(); // print() without a newline is not auto-flushed, and main exits right after
        err.flush();
        return status;
    }

    static int report(Exception e, PrintWriter err, boolean debug) {
        boolean badInput = isBadInput(e);
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        err.println("distill: " + (badInput ? "" : "error: ") + message.lines().findFirst().orElse(message));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return badInput ? BAD_INPUT : FAILURE;
    }

    private static boolean isBadInput(Throwable e) {
        return e instanceof RecipeException || e instanceof DatasetException || e instanceof CommandLine.ParameterException
                || e instanceof RunFolderException || e instanceof ModelFileException;
    }
}
