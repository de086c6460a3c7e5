package io.camelarena.agent;

import io.camelarena.model.ModelAnswer;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * ask-model's Content Enricher strategy: the model call's answer (the enrich resource's body) merged into the
 * decision record (the original body), which stays the body. Nothing else of the call (its wire headers, the
 * Authorization header above all) comes back. call-model turns every failed call into an answer, so a failure of the
 * enrich itself reaches the route as the decision's unexpected failure.
 */
public final class ModelAnswerMerge implements AggregationStrategy {

    private final DecisionSteps steps;

    public ModelAnswerMerge(DecisionSteps steps) {
        this.steps = steps;
    }

    @Override
    public Exchange aggregate(Exchange original, Exchange resource) {
        DecisionRecord record = original.getMessage().getBody(DecisionRecord.class);
        ModelAnswer answer = resource.getMessage().getBody(ModelAnswer.class);
        if (answer == null) {
            throw new IllegalStateException("call-model answered no ModelAnswer but "
                    + resource.getMessage().getBody());
        }
        steps.modelAnswered(record, answer);
        return original;
    }
}
