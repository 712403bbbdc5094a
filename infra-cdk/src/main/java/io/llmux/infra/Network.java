package io.llmux.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The VPC the chat function and the cache share: public subnets hold only the NAT gateway(s),
 * private subnets hold the function's network interfaces and the cache. DynamoDB traffic takes a
 * gateway endpoint (free, and it never crosses the NAT); provider APIs, Secrets Manager and X-Ray
 * are reached through the NAT.
 */
public final class Network extends Construct {

    /** ElastiCache Serverless answers on 6379 (primary) and 6380 (reader endpoint). */
    public static final Port CACHE_PORTS = Port.tcpRange(6379, 6380);

    private final Vpc vpc;
    private final SecurityGroup functionSecurityGroup;
    private final SecurityGroup cacheSecurityGroup;

    public Network(Construct scope, String id, Settings settings) {
        super(scope, id);
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(settings.maxAzs())
                .natGateways(settings.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        // /20: room for the function's Hyperplane ENIs and the cache's endpoints.
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(20).build()))
                .build();
        vpc.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB)
                .subnets(List.of(privateSubnets()))
                .build());

        this.functionSecurityGroup = SecurityGroup.Builder.create(this, "FunctionSecurityGroup")
                .vpc(vpc)
                .description("LLMux chat function: HTTPS out (providers, AWS APIs), Redis to the cache")
                .allowAllOutbound(false)
                .build();
        this.cacheSecurityGroup = SecurityGroup.Builder.create(this, "CacheSecurityGroup")
                .vpc(vpc)
                .description("LLMux cache: Redis from the chat function only")
                .allowAllOutbound(false)
                .build();
        functionSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to provider APIs and AWS endpoints");
        functionSecurityGroup.addEgressRule(cacheSecurityGroup, CACHE_PORTS, "Redis (TLS) to the cache");
        cacheSecurityGroup.addIngressRule(functionSecurityGroup, CACHE_PORTS, "Redis (TLS) from the chat function");
    }

    public Vpc vpc() {
        return vpc;
    }

    public SubnetSelection privateSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }

    public ISecurityGroup functionSecurityGroup() {
        return functionSecurityGroup;
    }

    public ISecurityGroup cacheSecurityGroup() {
        return cacheSecurityGroup;
    }
}
