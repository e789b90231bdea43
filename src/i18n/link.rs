//! Texts of shared links: the share box and why a link opens nothing.

use super::Lang;
use crate::share::{FileError, LinkError, FILE_VERSION, MAX_ACTIONS, MAX_LINK_CHARS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lk {
    Share,
    ShareTitle,
    ShareHint,
    Copy,
    Copied,
    Close,
    SaveFile,
    SaveFileHint,
    OpenFile,
    OpenFileHint,
    FileOpened,
    /// The scenario picker's entry for a scenario opened from a file (its name follows).
    FromFile,
    ExportSvg,
    ExportPng,
    ExportHint,
}

impl Lk {
    pub fn get(self, lang: Lang) -> &'static str {
        use Lk::*;
        match (self, lang) {
            (Share, Lang::Ko) => "링크 공유",
            (Share, Lang::En) => "Share link",
            (ShareTitle, Lang::Ko) => "지금 상태를 여는 링크",
            (ShareTitle, Lang::En) => "A link to this exact state",
            (ShareHint, Lang::Ko) => "시나리오, 지금까지 한 조작, 지금 시각과 보이는 그룹이 들어 있습니다. 이 링크를 연 사람은 같은 상태를 봅니다.",
            (ShareHint, Lang::En) => {
                "It holds the scenario, every action taken so far, the moment and the group on view. Whoever opens it sees this same state."
            }
            (Copy, Lang::Ko) => "복사",
            (Copy, Lang::En) => "Copy",
            (Copied, Lang::Ko) => "복사했습니다",
            (Copied, Lang::En) => "Copied",
            (Close, Lang::Ko) => "닫기",
            (Close, Lang::En) => "Close",
            (SaveFile, Lang::Ko) => "파일로 저장",
            (SaveFile, Lang::En) => "Save file",
            (SaveFileHint, Lang::Ko) => "시나리오와 지금까지 한 조작을 JSON 파일로 저장합니다. groupscope-cli run으로도 실행할 수 있습니다.",
            (SaveFileHint, Lang::En) => "Saves the scenario and every action taken as a JSON file; groupscope-cli run runs it too.",
            (OpenFile, Lang::Ko) => "파일 열기",
            (OpenFile, Lang::En) => "Open file",
            (OpenFileHint, Lang::Ko) => "저장한 세션 파일이나 시나리오 JSON 파일을 엽니다.",
            (OpenFileHint, Lang::En) => "Opens a saved session file or a scenario JSON file.",
            (FileOpened, Lang::Ko) => "{name} 파일을 열었습니다.",
            (FileOpened, Lang::En) => "Opened {name}.",
            (FromFile, Lang::Ko) => "파일: ",
            (FromFile, Lang::En) => "File: ",
            (ExportSvg, Lang::Ko) => "SVG로 저장",
            (ExportSvg, Lang::En) => "Save SVG",
            (ExportPng, Lang::Ko) => "PNG로 저장",
            (ExportPng, Lang::En) => "Save PNG",
            (ExportHint, Lang::Ko) => "지금 보이는 무대를 그림 파일로 저장합니다(슬라이드·유인물용)",
            (ExportHint, Lang::En) => "Saves the stage as it is now as a picture (for slides and handouts)",
        }
    }
}

/// Why a shared link opened nothing (the default scenario is open instead).
pub fn link_error(e: &LinkError, lang: Lang) -> String {
    let why = link_why(e, lang);
    if lang == Lang::Ko {
        format!("공유 링크를 열 수 없습니다: {why}. 기본 시나리오를 엽니다.")
    } else {
        format!("The shared link cannot be opened: {why}. The default scenario is open instead.")
    }
}

/// What is wrong with a link's state, as a clause.
fn link_why(e: &LinkError, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    match e {
        LinkError::NoVersion if ko => "형식 번호가 없습니다(#s=1.… 꼴이어야 합니다)".to_string(),
        LinkError::NoVersion => "it has no format number (it must look like #s=1.…)".to_string(),
        LinkError::FutureVersion(v) if ko => format!("더 새로운 groupscope가 만든 형식 {v}입니다. 이 버전은 형식 1까지 읽습니다"),
        LinkError::FutureVersion(v) => format!("it is format {v}, written by a newer groupscope; this one reads up to format 1"),
        LinkError::TooLong(n) if ko => format!("{n}자로 너무 깁니다(최대 {MAX_LINK_CHARS}자)"),
        LinkError::TooLong(n) => format!("it is {n} characters long, over the {MAX_LINK_CHARS} allowed"),
        LinkError::Corrupt if ko => "내용이 잘렸거나 바뀌었습니다. 링크를 처음부터 끝까지 다시 복사하세요".to_string(),
        LinkError::Corrupt => "its content is cut off or changed: copy the whole link again".to_string(),
        LinkError::BadState(m) if ko => format!("상태를 읽을 수 없습니다: {}", crate::i18n::errors::state_problem(m, lang)),
        LinkError::BadState(m) => format!("its state cannot be read: {m}"),
        LinkError::UnknownPreset(id) if ko => format!("시나리오 '{id}'가 없습니다. 쓸 수 있는 값: {}", crate::share::preset_ids().join(", ")),
        LinkError::UnknownPreset(id) => format!("there is no scenario '{id}'; allowed: {}", crate::share::preset_ids().join(", ")),
        LinkError::PresetUnavailable(id) if ko => format!("시나리오 {id}의 파일을 불러오지 못했습니다. 네트워크 연결을 확인하고 링크를 다시 여세요"),
        LinkError::PresetUnavailable(id) => format!("the file of scenario {id} did not arrive: check the connection and open the link again"),
        LinkError::TooManyActions(n) if ko => format!("조작이 {n}개로 너무 많습니다(최대 {MAX_ACTIONS}개)"),
        LinkError::TooManyActions(n) => format!("it holds {n} actions, over the {MAX_ACTIONS} allowed"),
        LinkError::ActionsOutOfOrder(i) if ko => format!("{}번째 조작이 앞의 조작보다 이른 단계에 있습니다", i + 1),
        LinkError::ActionsOutOfOrder(i) => format!("action {} comes at an earlier step than the one before it", i + 1),
        LinkError::UnknownGroup(g) if ko => format!("이 시나리오에는 그룹 '{g}'가 없습니다"),
        LinkError::UnknownGroup(g) => format!("the scenario has no group '{g}'"),
        LinkError::PastTheEnd { at_ms, duration_ms } if ko => format!("시각 {at_ms} ms가 시나리오 끝({duration_ms} ms)보다 뒤입니다"),
        LinkError::PastTheEnd { at_ms, duration_ms } => format!("its moment, {at_ms} ms, is past the scenario's end ({duration_ms} ms)"),
        LinkError::BadAction(i, why) if ko => format!("{}번째 조작이 잘못되었습니다: {}", i + 1, crate::i18n::errors::action_error(why, lang)),
        LinkError::BadAction(i, why) => format!("action {} is wrong: {why}", i + 1),
        LinkError::NotBundled if ko => "내장 시나리오가 아닙니다".to_string(),
        LinkError::NotBundled => "it is not a bundled scenario".to_string(),
    }
}

/// Why no link is offered for this state.
pub fn share_refused(e: &LinkError, lang: Lang) -> String {
    match (e, lang) {
        (LinkError::TooLong(n), Lang::Ko) => {
            format!("조작이 많아 링크가 {n}자가 됩니다(최대 {MAX_LINK_CHARS}자). 대신 '파일로 저장'을 쓰세요. 파일은 길이 제한이 없습니다.")
        }
        (LinkError::TooLong(n), Lang::En) => {
            format!(
                "With this many actions the link would be {n} characters long (at most {MAX_LINK_CHARS}). Use 'Save file' instead: a file has no length limit."
            )
        }
        (LinkError::NotBundled, Lang::Ko) => {
            "파일에서 연 시나리오는 링크로 공유할 수 없습니다. 링크는 내장 시나리오만 엽니다. 대신 '파일로 저장'을 쓰세요.".to_string()
        }
        (LinkError::NotBundled, Lang::En) => {
            "A scenario opened from a file cannot be shared as a link: links open bundled scenarios only. Use 'Save file' instead.".to_string()
        }
        (other, _) => link_error(other, lang),
    }
}

/// Why a session or scenario file opened nothing (what was open stays open).
pub fn file_error(e: &FileError, lang: Lang) -> String {
    let why = file_error_reason(e, lang);
    if lang == Lang::Ko {
        format!("파일을 열 수 없습니다: {why}. 지금 화면은 그대로입니다.")
    } else {
        format!("The file cannot be opened: {why}. What was open stays open.")
    }
}

/// What is wrong with a file, as a clause (the CLI prints it after the file's name).
pub fn file_error_reason(e: &FileError, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    match e {
        FileError::Unreadable if ko => "파일을 읽을 수 없습니다".to_string(),
        FileError::Unreadable => "the file could not be read".to_string(),
        FileError::NotJson(m) if ko => format!("JSON이 아닙니다({})", crate::i18n::errors::json_problem(m, lang)),
        FileError::NotJson(m) => format!("it is not JSON ({m})"),
        FileError::FutureVersion(v) if ko => format!("더 새로운 groupscope가 만든 형식 {v}입니다. 이 버전은 형식 {FILE_VERSION}까지 읽습니다"),
        FileError::FutureVersion(v) => format!("it is format {v}, written by a newer groupscope; this one reads up to format {FILE_VERSION}"),
        FileError::BadField(m) if ko => format!("세션 파일의 항목이 잘못되었습니다: {}", crate::i18n::errors::file_field(m, lang)),
        FileError::BadField(m) => format!("a session-file field is wrong: {m}"),
        FileError::Scenario(s) => crate::i18n::errors::scenario_error(s, lang),
        FileError::State(l) => link_why(l, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_in_both_languages() {
        let errors = [
            LinkError::NoVersion,
            LinkError::FutureVersion(2),
            LinkError::TooLong(3000),
            LinkError::Corrupt,
            LinkError::BadState(crate::share::StateProblem::NotObject),
            LinkError::UnknownPreset("x".into()),
            LinkError::PresetUnavailable("x".into()),
            LinkError::TooManyActions(501),
            LinkError::ActionsOutOfOrder(1),
            LinkError::UnknownGroup("x".into()),
            LinkError::PastTheEnd { at_ms: 2, duration_ms: 1 },
            LinkError::NotBundled,
            LinkError::BadAction(0, crate::model::scenario::ActionError::Keys { max: 64 }),
        ];
        for e in &errors {
            let (ko, en) = (link_error(e, Lang::Ko), link_error(e, Lang::En));
            assert!(ko.contains("공유 링크") && en.starts_with("The shared link"), "{e:?}");
            assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)));
            assert_ne!(share_refused(e, Lang::Ko), share_refused(e, Lang::En));
            let (ko, en) = (
                file_error(&FileError::State(e.clone()), Lang::Ko),
                file_error(&FileError::State(e.clone()), Lang::En),
            );
            assert!(ko.starts_with("파일을 열 수 없습니다") && en.starts_with("The file cannot be opened"), "{e:?}");
        }
        let scenario_error = crate::model::scenario::error::err(
            "scenario.topics[0]",
            crate::model::scenario::error::Problem::Json(crate::model::scenario::error::JsonProblem::MissingField("name".into())),
        );
        for e in [
            FileError::NotJson(crate::model::scenario::error::JsonProblem::Syntax { line: 1, column: 1 }),
            FileError::FutureVersion(9),
            FileError::BadField(crate::share::file::FileField::Group),
            FileError::Scenario(scenario_error),
        ] {
            let (ko, en) = (file_error(&e, Lang::Ko), file_error(&e, Lang::En));
            assert!(ko.contains("지금 화면은 그대로") && en.contains("stays open"), "{e:?}");
        }
    }
}
