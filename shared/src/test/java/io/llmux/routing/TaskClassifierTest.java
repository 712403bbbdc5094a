package io.llmux.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The task classifier against a small labelled set: accuracy, and what it must never get wrong. */
class TaskClassifierTest {

    private final TaskClassifier classifier = new TaskClassifier();

    private static final List<Map.Entry<String, TaskType>> LABELLED = List.of(
            Map.entry("Write a Python function that reverses a linked list.", TaskType.CODE),
            Map.entry("Why does this throw a NullPointerException? ```java\nString s = null; s.length();\n```", TaskType.CODE),
            Map.entry("Refactor this JavaScript to use async/await instead of callbacks.", TaskType.CODE),
            Map.entry("How do I write a SQL query that joins orders and customers?", TaskType.CODE),
            Map.entry("Fix the bug: for (int i = 0; i <= n; i++) { sum += a[i]; }", TaskType.CODE),
            Map.entry("Write a regex that matches email addresses", TaskType.CODE),
            Map.entry("Solve the equation 3x + 7 = 22.", TaskType.MATH),
            Map.entry("What is the derivative of x^3 + 2x?", TaskType.MATH),
            Map.entry("Calculate 15% of 240.", TaskType.MATH),
            Map.entry("What is 1234 * 5678?", TaskType.MATH),
            Map.entry("Prove that the square root of 2 is irrational.", TaskType.MATH),
            Map.entry("Translate 'good morning, how are you?' into French.", TaskType.TRANSLATION),
            Map.entry("Please translate this paragraph to German: The meeting is postponed until Friday.", TaskType.TRANSLATION),
            Map.entry("How do you say 'thank you very much' in Japanese? Translation please.", TaskType.TRANSLATION),
            Map.entry("Summarize the following article in three bullet points: The city council met on Tuesday...", TaskType.SUMMARISATION),
            Map.entry("TL;DR of this thread please", TaskType.SUMMARISATION),
            Map.entry("Give me a short summary of the meeting notes below.", TaskType.SUMMARISATION),
            Map.entry("Condense this report into one paragraph.", TaskType.SUMMARISATION),
            Map.entry("Write a haiku about autumn leaves.", TaskType.CREATIVE),
            Map.entry("Tell me a bedtime story about a brave little fox.", TaskType.CREATIVE),
            Map.entry("Write a poem for my grandmother's birthday.", TaskType.CREATIVE),
            Map.entry("Come up with a catchy slogan for a coffee shop.", TaskType.CREATIVE),
            Map.entry("Write song lyrics about the sea.", TaskType.CREATIVE),
            Map.entry("Compare PostgreSQL and MongoDB for an analytics workload: pros and cons.", TaskType.ANALYSIS),
            Map.entry("Analyze the trends in this sales data and explain the likely factors.", TaskType.ANALYSIS),
            Map.entry("Evaluate the strengths and weaknesses of remote work for small teams.", TaskType.ANALYSIS),
            Map.entry("Assess the impact of rising interest rates on housing.", TaskType.ANALYSIS),
            Map.entry("Hi! How are you today?", TaskType.CHAT),
            Map.entry("What's your favourite colour?", TaskType.CHAT),
            Map.entry("Thanks, that was helpful.", TaskType.CHAT),
            Map.entry("Can you recommend a good restaurant in Lyon?", TaskType.CHAT),
            Map.entry("Who was the first person on the moon?", TaskType.CHAT));

    @Test
    void classifiesTheLabelledSetWithAtLeast90PercentAccuracy() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, TaskType> example : LABELLED) {
            TaskType got = classifier.classify(example.getKey());
            if (got != example.getValue()) {
                wrong.add(example.getValue() + " read as " + got + ": " + example.getKey());
            }
        }
        double accuracy = 1 - (double) wrong.size() / LABELLED.size();
        assertTrue(accuracy >= 0.9, "accuracy " + accuracy + "; misread: " + wrong);
    }

    @Test
    void everyTaskTypeIsRecognisedAtLeastOnce() {
        for (TaskType type : TaskType.values()) {
            long hits = LABELLED.stream().filter(e -> e.getValue() == type && classifier.classify(e.getKey()) == type).count();
            assertTrue(hits > 0, type + " is never recognised");
        }
    }

    @Test
    void isDeterministicAndReadsOnlyTheHeadOfALongPrompt() {
        String text = "Write a haiku about autumn leaves. " + "blah ".repeat(10_000) + "python java sql code bug";
        assertEquals(TaskType.CREATIVE, classifier.classify(text));
        assertEquals(classifier.classify(text), classifier.classify(text));
    }

    @Test
    void anEmptyMessageIsChat() {
        assertEquals(TaskType.CHAT, classifier.classify(""));
    }
}
