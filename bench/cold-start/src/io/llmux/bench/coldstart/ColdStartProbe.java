package io.llmux.bench.coldstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * One cold start of a function's Lambda handler: builds the handler the way the managed runtime
 * does (its no-argument constructor), hands it one API Gateway event, and prints the milliseconds
 * from JVM start to the answer, and the CPU time the process spent to get there (less swayed by a
 * busy machine than the wall clock, and what the wall clock becomes on one vCPU). A non-200 answer
 * fails the run, so a broken handler cannot post a fast time.
 *
 * <p>Printed: {@code cold-start-ms} (JVM start to the answer), {@code cold-start-cpu-ms} (process
 * CPU, every thread), {@code main-thread-cpu-ms}, and {@code handler-ready-ms} (JVM start to the
 * constructed handler, whose constructor starts the Micronaut context).
 *
 * <p>Usage: {@code ColdStartProbe <handler class> <event file>}
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ColdStartProbe <handler class> <event file>");
            System.exit(2);
        }
        @SuppressWarnings("unchecked")
        var handler = (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                Class.forName(args[0]).getConstructor().newInstance();
        long ready = JvmStartClock.mark();
        APIGatewayProxyRequestEvent event = new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(Path.of(args[1]).toFile(), APIGatewayProxyRequestEvent.class);
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, new MockLambdaContext());
        long answered = JvmStartClock.mark();
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long mainCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        if (response.getStatusCode() == null || response.getStatusCode() != 200) {
            System.err.println("cold-start probe: the handler answered " + response.getStatusCode() + ": " + response.getBody());
            System.exit(1);
        }
        System.out.println("cold-start-ms " + JvmStartClock.millisSinceJvmStart(answered));
        System.out.println("cold-start-cpu-ms " + cpuNanos / 1_000_000);
        System.out.println("main-thread-cpu-ms " + mainCpuNanos / 1_000_000);
        System.out.println("handler-ready-ms " + JvmStartClock.millisSinceJvmStart(ready));
        // The handler's context holds non-daemon threads; the measurement is taken, so stop here.
        System.exit(0);
    }
}
