//! A subtree that Yew re-renders only when its `version` changes. The app bumps the version
//! of its side panels (ledger, charts, lane, narration, inspector, timeline markers) on every
//! user message and at most every `PANEL_REFRESH_MS` of wall time while playing, so a large
//! scenario's stage keeps the frame budget while the panels follow at 5 frames a second.

use yew::prelude::*;

#[derive(Properties, Clone)]
pub struct FrozenProps {
    pub version: u64,
    #[prop_or_default]
    pub children: Html,
}

/// Equal versions mean equal content: the children are not even compared.
impl PartialEq for FrozenProps {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

#[function_component(Frozen)]
pub fn frozen(props: &FrozenProps) -> Html {
    props.children.clone()
}
