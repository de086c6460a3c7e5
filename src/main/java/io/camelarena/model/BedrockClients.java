package io.camelarena.model;

import io.camelarena.account.AccountSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * One Bedrock runtime client per account (region and credentials are per account), built once and closed at
 * shutdown. Credentials come from the account's key references when both are set, else from the AWS default chain.
 * The Converse answer's request id is not passed on by the Camel component, so an interceptor keeps the last one per
 * thread (the component calls the SDK synchronously on the exchange's thread).
 */
public final class BedrockClients implements AutoCloseable {

    public static final String ACCESS_KEY_SUFFIX = "_ACCESS_KEY_ID";

    private final ApiKeys apiKeys;
    private final Optional<URI> endpointOverride;
    private final Duration callTimeout;
    private final Map<String, BedrockRuntimeClient> clients = new ConcurrentHashMap<>();
    private static final ThreadLocal<String> LAST_REQUEST_ID = new ThreadLocal<>();

    public BedrockClients(ApiKeys apiKeys, Optional<URI> endpointOverride, Duration callTimeout) {
        this.apiKeys = apiKeys;
        this.endpointOverride = endpointOverride;
        this.callTimeout = callTimeout;
    }

    public BedrockRuntimeClient clientFor(AccountSettings account, Optional<String> accessKeyRef,
            Optional<String> secretKeyRef) {
        return clients.computeIfAbsent(account.name(), name -> build(account, accessKeyRef, secretKeyRef));
    }

    private BedrockRuntimeClient build(AccountSettings account, Optional<String> accessKeyRef,
            Optional<String> secretKeyRef) {
        var builder = BedrockRuntimeClient.builder()
                .region(Region.of(account.region() == null ? "us-east-1" : account.region()))
                .credentialsProvider(credentials(accessKeyRef, secretKeyRef))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(c -> c
                        .apiCallTimeout(callTimeout)
                        // Retries are the route's business; one attempt here keeps the latency honest.
                        .retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(1))
                        .addExecutionInterceptor(new RequestIdCapture()));
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private AwsCredentialsProvider credentials(Optional<String> accessKeyRef, Optional<String> secretKeyRef) {
        Optional<String> accessKey = accessKeyRef.flatMap(apiKeys::resolve);
        Optional<String> secretKey = secretKeyRef.flatMap(apiKeys::resolve);
        if (accessKey.isPresent() && secretKey.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey.get(), secretKey.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** The request id of the last Bedrock answer on this thread, cleared when read. */
    public static String takeLastRequestId() {
        String id = LAST_REQUEST_ID.get();
        LAST_REQUEST_ID.remove();
        return id;
    }

    @Override
    public void close() {
        clients.values().forEach(BedrockRuntimeClient::close);
        clients.clear();
    }

    private static final class RequestIdCapture implements ExecutionInterceptor {
        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            LAST_REQUEST_ID.set(context.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null));
        }
    }
}
