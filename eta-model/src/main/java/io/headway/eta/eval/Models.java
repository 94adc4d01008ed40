package io.headway.eta.eval;

import io.headway.eta.baseline.AdaptiveSmoothing;
import io.headway.eta.baseline.HistoryMedian;
import io.headway.eta.baseline.IndicatifEstimator;
import io.headway.eta.baseline.LinearExtrapolation;
import io.headway.eta.baseline.TqdmEma;
import io.headway.eta.model.EtaModel;
import io.headway.eta.model.HeadwayModel;
import java.util.List;

/** The models the evaluator compares: Headway's first, then the baselines, each new and knowing nothing. */
final class Models {

    private Models() {
    }

    static List<EtaModel> fresh() {
        return List.of(new HeadwayModel(), new LinearExtrapolation(), new TqdmEma(), new IndicatifEstimator(),
                new HistoryMedian(), new AdaptiveSmoothing());
    }
}
