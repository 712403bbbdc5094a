package io.llmux.infra;

import java.util.List;
import software.amazon.awscdk.services.elasticache.CfnServerlessCache;
import software.constructs.Construct;

/**
 * ElastiCache Serverless (Valkey) for rate-limit windows and the response cache (DESIGN.md,
 * "State"). Serverless caches always encrypt at rest and require TLS in transit. There is no L2
 * construct, so this is the CloudFormation resource itself.
 */
public final class Cache extends Construct {

    private final CfnServerlessCache cache;

    public Cache(Construct scope, String id, Settings settings, Network network) {
        super(scope, id);
        this.cache = CfnServerlessCache.Builder.create(this, "Valkey")
                .serverlessCacheName("llmux-" + settings.stage())
                .description("LLMux rate-limit windows and response cache")
                .engine("valkey")
                .majorEngineVersion("8")
                .subnetIds(network.vpc().selectSubnets(network.privateSubnets()).getSubnetIds())
                .securityGroupIds(List.of(network.cacheSecurityGroup().getSecurityGroupId()))
                // Upper bounds, so a runaway client cannot run up the bill; Valkey bills from 100 MB.
                .cacheUsageLimits(CfnServerlessCache.CacheUsageLimitsProperty.builder()
                        .dataStorage(CfnServerlessCache.DataStorageProperty.builder()
                                .unit("GB").maximum(settings.cacheMaxDataGb()).build())
                        .ecpuPerSecond(CfnServerlessCache.ECPUPerSecondProperty.builder()
                                .maximum(settings.cacheMaxEcpuPerSecond()).build())
                        .build())
                .build();
    }

    /** {@code rediss://host:port}: TLS is mandatory on serverless caches. */
    public String url() {
        return "rediss://" + cache.getAttrEndpointAddress() + ":" + cache.getAttrEndpointPort();
    }

    public String name() {
        return cache.getServerlessCacheName();
    }
}
