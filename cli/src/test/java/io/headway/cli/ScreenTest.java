package io.headway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScreenTest {

    private static final String UP = "\033[";
    private static final String CLEAR = "\033[2K";

    @Test
    void theFirstFrameDrawsTheLiveLines() {
        assertThat(new Screen().frame(List.of(), List.of("a 10%", "b 20%")))
                .isEqualTo(CLEAR + "a 10%\n" + CLEAR + "b 20%\n");
    }

    @Test
    void laterFramesGoBackOverTheLiveLinesAndRedrawThem() {
        Screen screen = new Screen();
        screen.frame(List.of(), List.of("a 10%", "b 20%"));
        assertThat(screen.frame(List.of(), List.of("a 11%", "b 21%")))
                .isEqualTo(UP + "2F" + CLEAR + "a 11%\n" + CLEAR + "b 21%\n");
    }

    @Test
    void aLinePrintedAboveTakesTheFirstLiveLinesPlaceAndTheBarsFollowIt() {
        Screen screen = new Screen();
        screen.frame(List.of(), List.of("a 10%", "b 20%"));
        assertThat(screen.frame(List.of("! STALLED (WARNING) a"), List.of("a 10%", "b 21%")))
                .isEqualTo(UP + "2F" + CLEAR + "! STALLED (WARNING) a\n" + CLEAR + "a 10%\n" + CLEAR + "b 21%\n");
        // The alert stays where it is: the next frame goes back over the two bars only.
        assertThat(screen.frame(List.of(), List.of("a 12%", "b 22%")))
                .isEqualTo(UP + "2F" + CLEAR + "a 12%\n" + CLEAR + "b 22%\n");
    }

    @Test
    void fewerLinesThanLastTimeClearWhatIsLeftAndThoseLinesAreGoneOverNextTime() {
        Screen screen = new Screen();
        screen.frame(List.of(), List.of("a", "b", "c"));
        assertThat(screen.frame(List.of("! x"), List.of()))
                .isEqualTo(UP + "3F" + CLEAR + "! x\n" + CLEAR + "\n" + CLEAR + "\n");
        assertThat(screen.frame(List.of(), List.of("d"))).isEqualTo(UP + "2F" + CLEAR + "d\n" + CLEAR + "\n");
    }
}
