package io.llmux.chat.http;

import io.llmux.snapstart.SnapStartHooks;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * SnapStart's hooks over HTTP, for the deployed streaming chat function: there the gateway is a
 * process of its own behind the Lambda Web Adapter, so the runtime's CRaC callbacks never reach it,
 * and the adapter (v1.1.0 and later) posts to these paths instead
 * ({@code AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH}, {@code AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH},
 * set by the CDK stack). A non-2xx answer fails that SnapStart phase.
 *
 * <p>Off unless {@code LLMUX_SNAPSTART_HTTP_HOOKS=true}: only the CDK chat function sets it, where
 * the adapter refuses outside requests to the hook paths (403) and API Gateway routes only
 * {@code /v1/*} to the function. Anywhere else (the local server, the buffered Lambda path behind
 * a {@code /{proxy+}} route) a caller could otherwise drop the gateway's connections at will.
 */
@Controller("/_llmux/snapstart")
@Requires(property = SnapStartHookController.ENABLED, value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SnapStartHookController {

    static final String ENABLED = "llmux.snapstart.http-hooks";

    private final SnapStartHooks hooks;

    public SnapStartHookController(SnapStartHooks hooks) {
        this.hooks = hooks;
    }

    /** Primes the request path, then closes Redis and pooled provider connections. */
    @Post(uri = "/before-checkpoint", consumes = MediaType.ALL)
    public HttpResponse<Void> beforeCheckpoint() {
        hooks.prepareForSnapshot();
        return HttpResponse.noContent();
    }

    /** Re-seeds request and trace ids and reconnects Redis; must end within Lambda's 10 s restore limit. */
    @Post(uri = "/after-restore", consumes = MediaType.ALL)
    public HttpResponse<Void> afterRestore() {
        hooks.recoverAfterRestore();
        return HttpResponse.noContent();
    }
}
