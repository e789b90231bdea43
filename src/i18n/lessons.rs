//! Texts of the lesson map and the lesson panel, in Korean and English. (A lesson's own texts
//! are in its file under static/lessons/.)

use super::particle::{object, topic};
use super::Lang;

/// Declares `Lt`, `ALL_LT` and `Lt::get` from one list of (Korean, English) pairs.
macro_rules! labels {
    ($($label:ident => $ko:literal, $en:literal;)*) => {
        /// Fixed labels of the lesson views.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Lt {
            $($label),*
        }
        pub const ALL_LT: &[Lt] = &[$(Lt::$label),*];
        impl Lt {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(Lt::$label => match lang { Lang::Ko => $ko, Lang::En => $en }),*
                }
            }
        }
    };
}

labels! {
    ModeLessons => "레슨", "Lessons";
    MapTitle => "레슨 목록", "Lessons";
    MapIntro => "강의 노트 순서대로 따라가는 실습입니다. 모든 단계는 엔진이 실제로 돌립니다. 레슨마다 예측 문제와 목표가 있습니다.", "Hands-on lessons in the lecture notes' order. The engine runs every step. Each lesson has predictions and a goal.";
    Loading => "레슨을 불러오는 중…", "Loading the lessons…";
    LoadFailed => "레슨을 불러오지 못했습니다", "Could not load the lessons";
    Start => "시작", "Start";
    Again => "다시 하기", "Start again";
    Solved => "✓ 해결", "✓ Solved";
    Unsolved => "○ 아직 해결 전", "○ Not solved yet";
    BestScore => "최고 예측 점수", "Best predictions";
    ExportProgress => "진행 상황 내보내기", "Export progress";
    ImportProgress => "진행 상황 가져오기", "Import progress";
    Imported => "진행 상황을 가져왔습니다.", "Progress imported.";
    ImportFailed => "진행 상황 파일을 읽지 못했습니다", "Could not read the progress file";
    Continue => "계속 ▶", "Continue ▶";
    Next => "다음 단계 ›", "Next step ›";
    Right => "맞았습니다!", "Right!";
    Wrong => "아쉽습니다.", "Not quite.";
    EngineAnswer => "시뮬레이션의 답", "The simulation's answer";
    YourPick => "내 예측", "Your prediction";
    Playing => "재생 중입니다. 무슨 일이 일어나는지 보세요.", "Playing. Watch what happens.";
    PredictFirst => "먼저 예측해 보세요. 고르면 시뮬레이션이 이어서 재생됩니다.", "Predict first. Once you pick, the simulation plays on.";
    NotesVsKafka => "강의 노트 vs Kafka 4.x", "The notes vs Kafka 4.x";
    Notes => "강의 노트", "The notes";
    Kafka => "Kafka 4.x", "Kafka 4.x";
    GoalTitle => "목표", "Goal";
    RunGoal => "실행해서 확인", "Run and check";
    GoalRunning => "목표 시나리오를 실행하고 있습니다…", "Running the goal scenario…";
    ShowHint => "힌트 보기", "Show a hint";
    ShowSolution => "정답 보기", "Show the solution";
    Solution => "정답", "Solution";
    Restart => "처음부터", "From the start";
    Exit => "레슨 목록으로", "Back to the lessons";
    Score => "예측 점수", "Predictions";
    Lesson => "레슨", "Lesson";
    AfterPredict => "예측 후 공개", "shown after you predict";
    MorePanels => "다른 패널 펼치기", "Show the other panels";
    PanelGroup => "그룹 카드", "group card";
    PanelLane => "프로토콜 흐름", "protocol lane";
    PanelCharts => "차트", "charts";
    PanelLedger => "처리 장부", "ledger";
    PanelEvents => "이벤트", "events";
    PanelLegend => "범례", "legend";
    PanelInspector => "인스펙터", "inspector";
    Step => "단계", "Step";
    Replayed => "직접 바꾼 내용은 지우고 레슨 시나리오로 돌아왔습니다.", "Your own changes were set aside; the lesson's scenario is back.";
    Choices => "예측", "Prediction";
    GoalAt => "판정 시점", "Checked at";
}

/// "단계 3/7" / "Step 3 of 7".
/// A lesson panel's name (`steps[i].panels`, `study::lesson::PANELS`).
pub fn panel_name(panel: &str, lang: Lang) -> &'static str {
    match panel {
        "group" => Lt::PanelGroup,
        "lane" => Lt::PanelLane,
        "charts" => Lt::PanelCharts,
        "ledger" => Lt::PanelLedger,
        "events" => Lt::PanelEvents,
        "legend" => Lt::PanelLegend,
        _ => Lt::PanelInspector,
    }
    .get(lang)
}

pub fn step_of(n: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("단계 {n}/{total}"),
        Lang::En => format!("Step {n} of {total}"),
    }
}

/// "2/4 맞힘" / "2 of 4 right".
pub fn score(correct: u32, total: u32, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{total}문제 중 {correct}개 맞힘"),
        Lang::En => format!("{correct} of {total} right"),
    }
}

/// `?lesson=` names no lesson.
pub fn unknown_lesson(value: &str, known: &[String], lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "URL의 {} 없는 레슨입니다. 쓸 수 있는 값: {}",
            topic(&format!("lesson={value}")),
            known.join(", ")
        ),
        Lang::En => format!("lesson={value} in the URL is not a lesson. Allowed: {}", known.join(", ")),
    }
}

/// `?step=` is not a step of the lesson.
pub fn bad_step(value: &str, steps: usize, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "URL의 {} 이 레슨의 단계가 아닙니다. 1부터 {steps}까지 쓸 수 있습니다. 1단계부터 엽니다.",
            topic(&format!("step={value}"))
        ),
        Lang::En => format!("step={value} in the URL is not a step of this lesson: use 1 to {steps}. Opening step 1."),
    }
}

/// A lesson file that did not load or check.
pub fn broken_lesson(id: &str, error: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("레슨 {} 열 수 없습니다: {error}", object(&format!("'{id}'"))),
        Lang::En => format!("Lesson '{id}' cannot be opened: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages() {
        for l in ALL_LT {
            assert!(!l.get(Lang::Ko).is_empty() && !l.get(Lang::En).is_empty(), "{l:?}");
        }
    }
}
