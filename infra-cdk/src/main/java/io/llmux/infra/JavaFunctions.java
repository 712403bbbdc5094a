package io.llmux.infra;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.AdotLambdaLayerGenericVersion;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** What every LLMux function shares: runtime, architecture, tracing, logs and SnapStart. */
final class JavaFunctions {

    /** The alias API Gateway invokes: SnapStart applies to published versions only. */
    static final String ALIAS = "live";
    /** The ADOT collector's OTLP/HTTP receiver, where the in-app OpenTelemetry SDK sends spans. */
    static final String OTLP_ENDPOINT = "http://localhost:4318";
    /**
     * The JVM options of every function (JAVA_TOOL_OPTIONS for the managed runtime, run.sh for
     * the chat function): C1 only and the serial collector, which cut a cold start's CPU by about
     * a third on about one vCPU (docs/lambda.md, "Cold start"); the gateway's own work per request
     * is small next to a provider's answer, so C2's peak speed is not worth its compile time here.
     * No performance-data file (-XX:-UsePerfData): the counters jps and jstat read, which nothing
     * reads on Lambda, cost 25 to 30 ms of each start. Netty's buffer allocator without its JDK
     * Flight Recorder events (-Dio.netty.jfr.enabled=false): registering them starts JFR's
     * metadata repository, about 50 ms of CPU inside the first request that allocates a Netty
     * buffer (the streaming function's first request, any function's first provider call), for
     * events nobody records on Lambda.
     */
    static final String JVM_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Dio.netty.jfr.enabled=false";

    private JavaFunctions() {
    }

    /** java25 on Graviton (about 20% cheaper per GB-s than x86), traced, with SnapStart. */
    static Function.Builder builder(Construct scope, String id, String description) {
        LogGroup logs = LogGroup.Builder.create(scope, id + "Logs")
                // Logs are JSON lines without keys or bodies; a month is enough to investigate.
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        return Function.Builder.create(scope, id)
                .description(description)
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(logs);
    }

    /**
     * The AWS Distro for OpenTelemetry collector layer (an extension listening on 4317/4318 that
     * exports to X-Ray), not the ADOT Java agent layer, whose instrumentation adds about a second
     * to cold start: LLMux builds its own OpenTelemetry SDK (TelemetryFactory).
     */
    static ILayerVersion adotCollector(Construct scope, String id) {
        return LayerVersion.fromLayerVersionArn(scope, id,
                AdotLambdaLayerGenericVersion.LATEST.layerArn(scope, Architecture.ARM_64));
    }

    /** Publishes the function's current code and configuration as a version, behind {@link #ALIAS}. */
    static Alias publish(Function function) {
        // CDK warns on every SnapStart function that it needs a published version: this is it.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "SnapStart applies to the version published here, behind the live alias");
        return Alias.Builder.create(function, "LiveAlias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }
}
