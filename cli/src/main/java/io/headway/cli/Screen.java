package io.headway.cli;

import java.util.List;

/**
 * The live lines at the bottom of a terminal, redrawn in place, with lines printed once above them that scroll away
 * like any output (the alerts of {@code headway watch}). Each frame goes back to the first live line of the last one,
 * writes the lines to keep there, then the live lines, and clears what is left of a longer last frame, so the live
 * lines never leave copies of themselves behind. Pure: it only makes the text to print.
 */
final class Screen {

    private static final String CLEAR_LINE = "\033[2K";

    private int drawn;

    /** The text that prints {@code above} once, then draws {@code live} over the live lines drawn last time. */
    String frame(List<String> above, List<String> live) {
        StringBuilder frame = new StringBuilder();
        if (drawn > 0) {
            frame.append("\033[").append(drawn).append('F');
        }
        for (String line : above) {
            frame.append(CLEAR_LINE).append(line).append('\n');
        }
        for (String line : live) {
            frame.append(CLEAR_LINE).append(line).append('\n');
        }
        for (int i = above.size() + live.size(); i < drawn; i++) {
            frame.append(CLEAR_LINE).append('\n');
        }
        // The cursor now stands below the longer of this frame and the last; the live lines start after `above`.
        drawn = Math.max(drawn - above.size(), live.size());
        return frame.toString();
    }
}
