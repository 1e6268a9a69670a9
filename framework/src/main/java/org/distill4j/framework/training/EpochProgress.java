package org.distill4j.framework.training;

/** Shows the progress of an epoch: a live bar on a terminal, a single line otherwise. */
public interface EpochProgress {

    void start(int epoch, int epochs, int minibatches);

    void step(double loss);

    void end();

    EpochProgress NONE = new EpochProgress() {
        @Override
        public void start(int epoch, int epochs, int minibatches) {
        }

        @Override
        public void step(double loss) {
        }

        @Override
        public void end() {
        }
    };
}
