//! Texts of presenter mode and embeds.

use super::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pt {
    Presenter,
    PresenterOff,
    PresenterHint,
    Qr,
    QrTitle,
    QrLabel,
    QrTooLong,
    Close,
    OpenFull,
    EmbedTitle,
    EmbedSnippet,
    Instructor,
    /// Presenter mode with an instructor link, before the answers are revealed.
    InstructorHidden,
    ShortcutPresenter,
}

impl Pt {
    pub fn get(self, lang: Lang) -> &'static str {
        use Pt::*;
        match (self, lang) {
            (Presenter, Lang::Ko) => "발표 모드",
            (Presenter, Lang::En) => "Presenter",
            (PresenterOff, Lang::Ko) => "발표 모드 끄기",
            (PresenterOff, Lang::En) => "Leave presenter",
            (PresenterHint, Lang::Ko) => "전체 화면에 큰 글씨로 보여 줍니다(P). 리모컨: PageDown/PageUp 다음·이전, . 재생/일시정지, B 화면 가리기",
            (PresenterHint, Lang::En) => "Full screen with large type (P). Clicker: PageDown/PageUp next/previous, . play/pause, B blank screen",
            (Qr, Lang::Ko) => "QR 코드",
            (Qr, Lang::En) => "QR code",
            (QrTitle, Lang::Ko) => "휴대폰으로 같은 화면 열기",
            (QrTitle, Lang::En) => "Open this on your phone",
            (QrLabel, Lang::Ko) => "지금 화면을 여는 링크의 QR 코드",
            (QrLabel, Lang::En) => "QR code of the link to this screen",
            (QrTooLong, Lang::Ko) => "링크가 너무 길어 QR 코드로 만들 수 없습니다.",
            (QrTooLong, Lang::En) => "The link is too long for a QR code.",
            (Close, Lang::Ko) => "닫기",
            (Close, Lang::En) => "Close",
            (OpenFull, Lang::Ko) => "새 탭에서 열기",
            (OpenFull, Lang::En) => "open in a new tab",
            (EmbedTitle, Lang::Ko) => "groupscope: Kafka 컨슈머 그룹 시뮬레이션",
            (EmbedTitle, Lang::En) => "groupscope: a Kafka consumer group simulation",
            (EmbedSnippet, Lang::Ko) => "슬라이드나 LMS에 넣는 코드(iframe)",
            (EmbedSnippet, Lang::En) => "To embed in slides or an LMS (iframe)",
            (Instructor, Lang::Ko) => "강사용 보기: 정답이 미리 표시됩니다",
            (Instructor, Lang::En) => "Instructor view: answers are shown",
            (InstructorHidden, Lang::Ko) => "강사용 보기: 발표 중에는 정답을 가립니다. A를 누르면 보이고 다시 누르면 가립니다",
            (InstructorHidden, Lang::En) => "Instructor view: answers are hidden while presenting; press A to show them, again to hide them",
            (ShortcutPresenter, Lang::Ko) => "P: 발표 모드 · PageDown/PageUp: 다음·이전 단계(또는 리밸런스) · 발표 모드에서 .: 재생/일시정지, B: 화면 가리기, A: 강사용 정답 보이기/가리기",
            (ShortcutPresenter, Lang::En) => "P: presenter mode · PageDown/PageUp: next/previous step (or rebalance) · in presenter mode, .: play/pause, B: blank screen, A: show/hide the instructor's answers",
        }
    }
}

/// The copyable `<iframe>` snippet for this page's embed (documented in docs/classroom.md).
pub fn embed_snippet(url: &str, lang: Lang) -> String {
    format!(
        "<iframe src=\"{url}\" title=\"{}\" width=\"960\" height=\"600\" style=\"border:0\" loading=\"lazy\"></iframe>",
        Pt::EmbedTitle.get(lang)
    )
}
