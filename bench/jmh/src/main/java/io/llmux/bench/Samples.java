package io.llmux.bench;

import java.nio.charset.StandardCharsets;

/** Typical traffic: what a chat application sends and what a provider answers. */
final class Samples {

    private Samples() {
    }

    /** A system prompt, a four-turn conversation and one tool: about 250 prompt tokens, 1.6 KB. */
    static final byte[] CHAT_REQUEST = """
            {"model":"gpt-4o-mini","temperature":0.2,"max_tokens":512,"user":"user-1234",
             "messages":[
              {"role":"system","content":"You are a concise assistant for an internal developer portal. Answer in plain English, cite the document titles you used, and say so when you do not know."},
              {"role":"user","content":"How do I rotate the database credentials for the billing service in staging?"},
              {"role":"assistant","content":"Use the rotate-credentials runbook: open a change ticket, run the rotation job for billing-staging, then restart the two billing pods so they pick up the new secret."},
              {"role":"user","content":"Does the rotation job also update the read replica, or do I have to do that separately? And will the analytics export break while the pods restart?"}
             ],
             "tools":[{"type":"function","function":{"name":"search_docs","description":"Search the developer portal.",
               "parameters":{"type":"object","properties":{"query":{"type":"string","description":"What to search for"},
               "limit":{"type":"integer","description":"How many results"}},"required":["query"]}}}],
             "metadata_tag":{"team":"platform","cost_center":"cc-42"}}
            """.getBytes(StandardCharsets.UTF_8);

    /** A provider's whole answer. */
    static final byte[] CHAT_RESPONSE = """
            {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Yes: the rotation job updates the primary and the read replica in one run, because both read the same secret. The analytics export retries for five minutes, so a rolling restart of the two billing pods does not break it; restart them one at a time.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":251,"completion_tokens":52,"total_tokens":303,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
             "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
             "service_tier":"default","system_fingerprint":"fp_06737a9306"}
            """.getBytes(StandardCharsets.UTF_8);

    /** One event of a provider's stream, as it arrives on the wire. */
    static final byte[] STREAM_EVENT = ("data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\" replica\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n").getBytes(StandardCharsets.UTF_8);
}
