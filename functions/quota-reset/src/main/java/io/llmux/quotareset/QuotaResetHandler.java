package io.llmux.quotareset;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The quota-reset function's Lambda handler: the target of an EventBridge Scheduler schedule
 * (hourly; infra-cdk's QuotaResetFunction), whose input is a small JSON object (events/quota-reset.json).
 * Every run closes whatever has ended since; the input is only logged.
 */
public class QuotaResetHandler extends MicronautRequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final String LAMBDA_ENVIRONMENT = "lambda";

    @Inject
    QuotaResetRun run;

    /** The constructor the Lambda runtime calls. */
    public QuotaResetHandler() {
    }

    /** For in-process invocation with a context of one's own (tests). */
    public QuotaResetHandler(ApplicationContext context) {
        super(context);
    }

    /**
     * Micronaut's Lambda context, but lazy: the Lambda builder creates every singleton at start
     * (for SnapStart), which here would build the gateway's whole graph (providers, Redis, the key
     * hasher and its secret) for a job that needs the tenant store and the usage ledger.
     */
    public static ApplicationContextBuilder contextBuilder() {
        // LambdaApplicationContextBuilder's environments, without its eager singletons (which
        // eagerInitSingletons(false) cannot take back once set).
        return ApplicationContext.builder().environments(Environment.FUNCTION, LAMBDA_ENVIRONMENT).eagerInitConfiguration(true);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return contextBuilder();
    }

    @Override
    public Map<String, Object> execute(Map<String, Object> input) {
        return run.run(input == null ? Map.of() : input).asMap();
    }
}
