package io.llmux.routing;

import io.llmux.openai.ChatMessage;
import io.llmux.openai.ChatRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Guesses what a request asks for from its last user message: keyword votes plus a few surface
 * features (code fences and punctuation, arithmetic). Deterministic, a single pass over at most
 * {@value #MAX_CHARS} characters, no model call: a routing hint that costs microseconds. Hand-written
 * because no library does this small job without a model; {@code TaskClassifierTest} pins its
 * accuracy on a labelled set.
 */
public final class TaskClassifier {

    static final int MAX_CHARS = 4000;
    /** Votes below this leave the request as plain chat. */
    private static final int THRESHOLD = 2;

    private static final Map<String, Vote> WORDS = new HashMap<>();

    /** A word's vote: which task, how strongly. */
    private record Vote(TaskType task, int weight) {
    }

    static {
        words(TaskType.CODE, 3, "code", "function", "bug", "compile", "compiler", "debug", "refactor", "python", "java", "javascript",
                "typescript", "rust", "golang", "sql", "regex", "stacktrace", "exception", "api", "endpoint", "class", "method",
                "implement", "unit", "script", "npm", "maven", "dockerfile", "kotlin", "html", "css", "json", "yaml", "segfault",
                "nullpointerexception", "def", "println", "async", "await", "bash", "git");
        words(TaskType.MATH, 3, "solve", "equation", "integral", "derivative", "calculate", "compute", "prove", "theorem",
                "probability", "sqrt", "algebra", "matrix", "factorial", "prime", "sum", "percent", "percentage", "fraction",
                "divided", "multiplied", "calculus", "geometry", "triangle", "hypotenuse", "polynomial", "logarithm");
        words(TaskType.TRANSLATION, 4, "translate", "translation", "translating", "traduire", "traducir", "übersetzen");
        words(TaskType.TRANSLATION, 1, "french", "spanish", "german", "italian", "japanese", "chinese", "portuguese", "russian",
                "korean", "arabic", "dutch", "english");
        words(TaskType.SUMMARISATION, 4, "summarize", "summarise", "summary", "summarization", "summarisation", "tldr", "tl",
                "condense", "recap", "gist", "abstract", "shorten");
        words(TaskType.CREATIVE, 3, "poem", "story", "haiku", "lyrics", "song", "fiction", "imagine", "creative", "slogan", "joke",
                "limerick", "sonnet", "novel", "character", "plot", "fairy", "tale", "rhyme", "screenplay", "tagline");
        words(TaskType.ANALYSIS, 3, "analyze", "analyse", "analysis", "compare", "comparison", "evaluate", "assess", "tradeoffs",
                "implications", "pros", "cons", "trend", "trends", "insights", "strengths", "weaknesses", "critique", "swot",
                "impact", "factors", "correlation");
    }

    private static void words(TaskType task, int weight, String... words) {
        for (String word : words) {
            WORDS.put(word, new Vote(task, weight));
        }
    }

    /** The task type of a request, from its last user message; chat when nothing stands out. */
    public TaskType classify(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage message = messages.get(i);
            if ("user".equals(message.role())) {
                return classify(message.text());
            }
        }
        return TaskType.CHAT;
    }

    public TaskType classify(CharSequence text) {
        int[] votes = new int[TaskType.values().length];
        int length = Math.min(text.length(), MAX_CHARS);
        int codeMarks = 0;
        int digits = 0;
        int operators = 0;
        StringBuilder word = new StringBuilder(24);
        for (int i = 0; i <= length; i++) {
            char c = i < length ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                if (word.length() < 32) {
                    word.append(Character.toLowerCase(c));
                }
                continue;
            }
            if (!word.isEmpty()) {
                Vote vote = WORDS.get(word.toString());
                if (vote != null) {
                    votes[vote.task().ordinal()] += vote.weight();
                }
                word.setLength(0);
            }
            switch (c) {
                case '`', '{', '}', ';', '<', '>', '_' -> codeMarks++;
                case '+', '-', '*', '/', '^', '=' -> operators++;
                default -> {
                    if (c >= '0' && c <= '9') {
                        digits++;
                    }
                }
            }
        }
        votes[TaskType.CODE.ordinal()] += Math.min(codeMarks, 12) / 2;
        if (digits >= 2 && operators >= 1) {
            votes[TaskType.MATH.ordinal()] += 2 + Math.min(operators, 4);
        }
        TaskType best = TaskType.CHAT;
        int bestVotes = THRESHOLD - 1;
        for (TaskType type : TaskType.values()) {
            if (votes[type.ordinal()] > bestVotes) {
                best = type;
                bestVotes = votes[type.ordinal()];
            }
        }
        return best;
    }
}
