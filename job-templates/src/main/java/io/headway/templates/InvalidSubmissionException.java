package io.headway.templates;

import java.util.List;

/** A submission that names an unknown type or gives unacceptable parameters; the message says every problem. */
public class InvalidSubmissionException extends RuntimeException {

    private final List<String> problems;

    public InvalidSubmissionException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
