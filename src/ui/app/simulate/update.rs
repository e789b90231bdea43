//! What the simulate view does with its messages. The app routes them here: what also
//! touches the lesson, the overlays or the scenario's source is decided in `update_simulate`,
//! the rest by the view itself (the clock, actions on the run, the panels and forms).
use super::*;
use yew::html::Scope;

/// What one animation frame did.
pub(crate) enum Frame {
    /// Nothing to show (the clock did not move).
    Idle,
    Moved,
    /// The clock reached where it had to stop and paused.
    Stopped,
}

impl App {
    pub(crate) fn update_simulate(&mut self, ctx: &Context<App>, msg: Msg) -> bool {
        match msg {
            Msg::Frame(ts) => {
                // A lesson step or goal plays to its own end.
                let lesson_stop = self.lesson_stop_ms();
                match self.simulate.frame(ctx.link(), ts, lesson_stop) {
                    Frame::Idle => false,
                    Frame::Moved => true,
                    Frame::Stopped => {
                        if lesson_stop.is_some() {
                            self.lesson_arrived();
                        }
                        true
                    }
                }
            }
            Msg::ToggleHelp => {
                self.help_open = !self.help_open;
                true
            }
            Msg::CloseOverlays => {
                let changed = self.help_open || self.simulate.selected.is_some() || self.presenter.blank || self.presenter.qr.is_some();
                self.presenter.blank = false;
                self.presenter.qr = None;
                self.help_open = false;
                self.simulate.selected = None;
                self.simulate.draft = Draft::default();
                changed
            }
            Msg::LoadPreset(id) => {
                fetch_preset(ctx, id, None);
                false
            }
            Msg::PresetFetched(id, scenario, link) => {
                if let Some(state) = link {
                    self.open_link_on(state, scenario.map(|s| *s));
                    return true;
                }
                match scenario {
                    Some(scenario) => {
                        // Another scenario: the lesson (if any) is left.
                        self.simulate.load_preset(&id, &scenario);
                        self.lessons.run = None;
                        self.sync_lesson_url();
                    }
                    None => self.rejected_preset = Some((id, true)),
                }
                true
            }
            Msg::Sim(msg) => self.simulate.update(ctx.link(), msg, self.lang),
            _ => false,
        }
    }
}

impl SimulateView {
    /// Counts a message for the side panels: any user action redraws them at once; while
    /// playing, frames redraw them at most every PANEL_REFRESH_MS.
    pub(crate) fn touch_panels(&mut self, frame_ts: Option<f64>) {
        match frame_ts {
            Some(ts) => {
                if ts - self.panels_refreshed_ms >= PANEL_REFRESH_MS {
                    self.panels_version += 1;
                    self.panels_refreshed_ms = ts;
                }
            }
            None => self.panels_version += 1,
        }
    }

    /// Moves the clock to the frame at `ts` (wall ms), stopping at the lesson's stop (if any),
    /// the scenario's end or where the history ends.
    pub(crate) fn frame(&mut self, link: &Scope<App>, ts: f64, lesson_stop: Option<u64>) -> Frame {
        let stop = lesson_stop.unwrap_or(self.duration_ms()).min(self.end_ms());
        if !self.clock.advance(ts, self.speed_factor(), stop) {
            return Frame::Idle;
        }
        self.session.run_until(self.view_ms());
        // If the history filled up, the view stops at the last moment it holds.
        self.clock.view_ms = self.clock.view_ms.min(self.end_ms() as f64);
        if self.view_ms() >= stop.min(self.end_ms()) {
            self.pause();
            // The end of the run: the panels show it at once.
            self.panels_version += 1;
            Frame::Stopped
        } else {
            self.clock.next_frame(link, Msg::Frame);
            Frame::Moved
        }
    }

    /// The view's own messages: the clock, actions on the run, the panels and forms.
    pub(crate) fn update(&mut self, link: &Scope<App>, msg: SimMsg, lang: Lang) -> bool {
        match msg {
            SimMsg::TogglePlay
            | SimMsg::Step
            | SimMsg::StepBack
            | SimMsg::Speed(..)
            | SimMsg::Faster
            | SimMsg::Slower
            | SimMsg::Seek(..)
            | SimMsg::PrevRebalance
            | SimMsg::NextRebalance
            | SimMsg::RestoreFork => self.update_clock(link, msg),
            SimMsg::AddConsumer
            | SimMsg::Crash(..)
            | SimMsg::Close(..)
            | SimMsg::Stall(..)
            | SimMsg::Resume(..)
            | SimMsg::GcPause(..)
            | SimMsg::Restart(..)
            | SimMsg::AddPartition(..)
            | SimMsg::KillBroker(..)
            | SimMsg::RestartBroker(..)
            | SimMsg::PauseReplication(..)
            | SimMsg::DropResponse(..)
            | SimMsg::Txn(..) => self.update_run(msg, lang),
            other => self.update_panels(other, lang),
        }
    }

    /// Play, step, speed and seeking.
    fn update_clock(&mut self, link: &Scope<App>, msg: SimMsg) -> bool {
        self.timeline_notice = None;
        match msg {
            SimMsg::TogglePlay => {
                if self.clock.playing {
                    self.pause();
                } else {
                    let end = self.end_ms();
                    self.clock.play(link, Msg::Frame, end);
                }
                true
            }
            SimMsg::Step => {
                self.pause();
                if self.session.sim.next_event_ms().is_some_and(|t| t <= self.duration_ms()) {
                    self.session.step_forward();
                    self.sync_view_to_sim();
                }
                true
            }
            SimMsg::StepBack => {
                self.pause();
                self.session.step_back(1);
                self.sync_view_to_sim();
                true
            }
            SimMsg::Speed(i) => {
                self.clock.speed = i.min(SPEEDS.len() - 1);
                true
            }
            SimMsg::Faster => {
                self.clock.speed = (self.clock.speed + 1).min(SPEEDS.len() - 1);
                true
            }
            SimMsg::Slower => {
                self.clock.speed = self.clock.speed.saturating_sub(1);
                true
            }
            SimMsg::Seek(at_ms) => {
                self.seek(at_ms);
                true
            }
            SimMsg::PrevRebalance => {
                let now = self.view_ms();
                let previous = timeline::rebalance_times(&self.session.sim.trace, &self.group_id)
                    .into_iter()
                    .rfind(|&t| t < now);
                self.seek(previous.unwrap_or(0));
                true
            }
            SimMsg::NextRebalance => {
                // With none ahead the view stays (a clicker must not land at the end) and says so.
                self.pause();
                let now = self.view_ms();
                let target = self.next_rebalance_ms();
                self.seek(target.unwrap_or(now));
                if target.is_none() {
                    self.timeline_notice = Some(Text::NoLaterRebalance);
                }
                true
            }
            SimMsg::RestoreFork => {
                self.pause();
                if self.session.restore_fork() {
                    self.sync_view_to_sim();
                }
                true
            }
            _ => false,
        }
    }

    /// What the user does to the run: consumers, partitions, brokers, producers.
    fn update_run(&mut self, msg: SimMsg, lang: Lang) -> bool {
        match msg {
            SimMsg::AddConsumer => {
                let now = self.view_ms();
                let group_id = self.group_id.clone();
                let id = self.session.add_consumer(&group_id, now);
                self.session.run_until(now);
                self.selected = Some(Selection::Consumer(id));
                self.draft = Draft::default();
                true
            }
            SimMsg::Crash(id) => {
                self.act(Action::Crash { consumer: id });
                true
            }
            SimMsg::Close(id) => {
                self.act(Action::Close { consumer: id });
                true
            }
            SimMsg::Stall(id) => {
                let text = self.draft.stall_seconds.clone().unwrap_or_else(|| "10".to_string());
                match text.trim().parse::<u64>() {
                    Ok(s) if (1..=600).contains(&s) => {
                        self.draft.message = None;
                        self.act(Action::Stall {
                            consumer: id,
                            for_ms: Some(s * 1000),
                        });
                    }
                    _ => self.draft.message = Some(format!("{} ({text})", Text::StallSecondsInvalid.get(lang))),
                }
                true
            }
            SimMsg::Resume(id) => {
                self.act(Action::Resume { consumer: id });
                true
            }
            SimMsg::GcPause(id) => {
                self.act(Action::PauseHeartbeats { consumer: id, for_ms: 20_000 });
                true
            }
            SimMsg::Restart(id) => {
                self.act(Action::Restart {
                    consumer: id,
                    down_ms: 5_000,
                    graceful: false,
                });
                true
            }
            SimMsg::AddPartition(topic) => {
                let count = self.session.sim.world.cluster.partition_count(&topic);
                if count < crate::model::scenario::MAX_PARTITIONS {
                    self.act(Action::AddPartitions { topic, partitions: count + 1 });
                }
                true
            }
            SimMsg::KillBroker(broker) => {
                self.act(Action::KillBroker { broker });
                true
            }
            SimMsg::RestartBroker(broker) => {
                self.act(Action::RestartBroker { broker });
                true
            }
            SimMsg::PauseReplication(broker) => {
                self.act(Action::PauseReplication { broker, for_ms: 40_000 });
                true
            }
            SimMsg::DropResponse(producer) => {
                self.act(Action::DropResponse { producer });
                true
            }
            SimMsg::Txn(producer, end) => {
                self.act(match end {
                    None => Action::BeginTxn { producer },
                    Some(commit) => Action::EndTxn { producer, commit },
                });
                true
            }
            _ => false,
        }
    }

    /// Selection, forms, the ledger, the narration filter and the lane's options.
    fn update_panels(&mut self, msg: SimMsg, lang: Lang) -> bool {
        match msg {
            SimMsg::ShowGroup(group_id) => {
                self.show_group(&group_id);
                true
            }
            SimMsg::LaneHeartbeats => {
                self.lane.heartbeats = !self.lane.heartbeats;
                true
            }
            SimMsg::LaneFetches => {
                self.lane.fetches = !self.lane.fetches;
                true
            }
            SimMsg::LedgerPage(page) => {
                self.ledger_page = page;
                true
            }
            SimMsg::LedgerPick(tp, offset) => {
                self.ledger_pick = Some((tp, offset));
                self.draft.lookup_error = None;
                true
            }
            SimMsg::LedgerFirstDuplicate => {
                let group_id = self.group_id.clone();
                let sim = &self.session.sim;
                let Some((tp, offset)) = sim.world.groups.get(&group_id).and_then(|g| g.ledger.first_duplicate()) else {
                    return false;
                };
                // The page of partitions that holds it.
                let all = sim.world.cluster.partitions_of(&sim.group_topics(&group_id));
                if let Some(i) = all.iter().position(|p| *p == tp) {
                    self.ledger_page = i / LEDGER_PAGE;
                }
                self.ledger_pick = Some((tp, offset));
                self.draft.lookup_error = None;
                true
            }
            SimMsg::LedgerLookup => {
                self.ledger_lookup(lang);
                true
            }
            SimMsg::Filter(filter) => {
                self.filter = filter;
                true
            }
            SimMsg::StageWidth(px) => {
                // Redrawn only when the layout changes (see `stage::Geometry`).
                let redraw = stage::Geometry::for_box(px) != stage::Geometry::for_box(self.stage_width_px);
                self.stage_width_px = px;
                redraw
            }
            SimMsg::Select(what) => {
                if let Selection::Group(g) = &what {
                    if self.session.sim.world.groups.contains_key(g) && *g != self.group_id {
                        self.group_id = g.clone();
                        self.ledger_pick = None;
                        self.ledger_page = 0;
                    }
                }
                self.selected = if self.selected.as_ref() == Some(&what) { None } else { Some(what) };
                self.draft = Draft::default();
                true
            }
            SimMsg::Draft(field, value) => {
                let d = &mut self.draft;
                let slot = match field {
                    Field::Config(name) => {
                        d.config.insert(name, value);
                        return false;
                    }
                    Field::ProducerProperty(name) => {
                        d.producer_props.insert(name, value);
                        return false;
                    }
                    Field::StallSeconds => &mut d.stall_seconds,
                    Field::Assignor => &mut d.assignor,
                    Field::RemoteAssignor => &mut d.remote_assignor,
                    Field::Protocol => &mut d.protocol,
                    Field::Commit => &mut d.commit,
                    Field::Rate => &mut d.rate,
                    Field::Keys => &mut d.keys,
                    Field::LookupPartition => &mut d.lookup_partition,
                    Field::LookupOffset => &mut d.lookup_offset,
                };
                *slot = Some(value);
                // Re-render only when the form's shape depends on it (protocol picks which
                // assignor field is shown).
                matches!(field, Field::Protocol)
            }
            SimMsg::ApplyConsumerConfig(id) => {
                self.apply_consumer_config(&id, lang);
                true
            }
            SimMsg::ApplyGroupChange(group_id) => {
                self.apply_group_change(&group_id, lang);
                true
            }
            SimMsg::ApplyProducer(id) => {
                self.apply_producer(&id, lang);
                true
            }
            _ => false,
        }
    }
}

/// Fetches a bundled scenario's file (`scenarios/<id>.json`; the default one is compiled in),
/// then opens it, or the shared `link` state on it.
pub(crate) fn fetch_preset(ctx: &Context<App>, id: String, link: Option<crate::share::SharedState>) {
    if id == "default" {
        ctx.link()
            .send_message(Msg::PresetFetched(id, Some(Box::new(Scenario::default_scenario())), link));
        return;
    }
    ctx.link().send_future(async move {
        let text = crate::ui::browser::fetch_text(format!("scenarios/{id}.json")).await.ok();
        let scenario = text.and_then(|t| Scenario::from_json(&t).ok()).map(Box::new);
        Msg::PresetFetched(id, scenario, link)
    });
}
