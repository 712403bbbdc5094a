package io.llmux.provider;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the deployment that serves a model name. {@code provider/model} goes to that provider
 * with that model (whether or not it is listed: providers add models faster than configuration
 * does); a bare name goes to the first provider that lists it. Anything else is a 404.
 *
 * <p>Resolution is a map read: the tables are built once.
 */
@Singleton
public final class ModelRouter {

    /** A model this gateway lists, and the provider that owns it. */
    public record ListedModel(ModelInfo model, String ownedBy) {
    }

    private final ProviderRegistry registry;
    private final Map<String, Deployment> byBareName = new HashMap<>();
    private final Map<String, ModelInfo.Kind> kinds = new HashMap<>();
    private final List<ListedModel> listed;

    public ModelRouter(ProviderRegistry registry) {
        this.registry = registry;
        java.util.ArrayList<ListedModel> models = new java.util.ArrayList<>();
        for (Provider provider : registry.providers()) {
            for (ModelInfo model : provider.models()) {
                if (byBareName.putIfAbsent(model.id(), new Deployment(provider, model.id())) == null) {
                    kinds.put(model.id(), model.kind());
                    models.add(new ListedModel(model, provider.name()));
                }
            }
        }
        this.listed = List.copyOf(models);
    }

    public List<ListedModel> listed() {
        return listed;
    }

    public Deployment resolve(String model, ModelInfo.Kind kind) {
        Deployment bare = byBareName.get(model);
        if (bare != null) {
            if (kinds.get(model) != kind) {
                throw new GatewayException(ErrorType.INVALID_REQUEST, "The model '" + model + "' is "
                        + (kind == ModelInfo.Kind.CHAT ? "an embedding model and cannot serve chat completions."
                        : "a chat model and cannot compute embeddings."), "model", "model_not_supported", null);
            }
            return bare;
        }
        int slash = model.indexOf('/');
        if (slash > 0 && slash < model.length() - 1) {
            Provider provider = registry.byName(model.substring(0, slash)).orElse(null);
            if (provider != null) {
                return new Deployment(provider, model.substring(slash + 1));
            }
        }
        throw GatewayException.modelNotFound(model);
    }
}
