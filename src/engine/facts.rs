//! Facts built from a session for one compiled ruleset: every attribute
//! read, derived attributes computed when the session does not give them,
//! and segment membership settled once.

use crate::compile::{CCond, CompiledRuleset, Fact, Facts, SegmentSet};
use crate::derive::channel::{channel_of, referrer_host};
use crate::derive::device::{parse_user_agent, parse_user_agent_without_browser};
use crate::derive::time::local_weekday_hour;
use crate::model::attribute::{BUILTIN, id};
use crate::model::{AttrId, CustomType, CustomValue, Session};
use smol_str::SmolStr;

#[inline]
fn text(s: &Option<String>) -> Fact {
    s.as_deref().map_or(Fact::Absent, |v| Fact::Text(SmolStr::new(v)))
}

fn list(items: &[String]) -> Fact {
    Fact::List(items.iter().map(SmolStr::new).collect())
}

impl CompiledRuleset {
    /// Prepares a session: reads every attribute, derives what is missing and
    /// settles segment membership.
    pub fn facts(&self, s: &Session) -> Facts {
        let mut values = Vec::with_capacity(BUILTIN.len() + self.custom.len());
        // Built-in attributes are read in id order, each pushed at its id.
        let mut set = |attr: AttrId, fact: Fact| {
            debug_assert_eq!(values.len(), usize::from(attr.0));
            values.push(fact);
        };
        set(id::COUNTRY, s.geo.country.as_ref().map_or(Fact::Absent, |c| Fact::Text(SmolStr::new(c.as_str()))));
        set(id::REGION, s.geo.region.as_ref().map_or(Fact::Absent, |c| Fact::Text(SmolStr::new(c.as_str()))));
        set(id::CITY, text(&s.geo.city));
        let t = &s.traffic;
        set(id::UTM_SOURCE, text(&t.utm_source));
        set(id::UTM_MEDIUM, text(&t.utm_medium));
        set(id::UTM_CAMPAIGN, text(&t.utm_campaign));
        set(id::UTM_TERM, text(&t.utm_term));
        set(id::UTM_CONTENT, text(&t.utm_content));
        set(id::REFERRER, text(&t.referrer));
        set(id::REFERRER_HOST, text(&t.referrer_host));
        set(id::LANDING_PAGE, text(&t.landing_page));
        set(id::CHANNEL, t.channel.map_or(Fact::Absent, |c| Fact::Text(SmolStr::new_static(c.as_str()))));
        let d = &s.device;
        set(id::USER_AGENT, text(&d.user_agent));
        set(id::DEVICE_TYPE, d.kind.map_or(Fact::Absent, |k| Fact::Text(SmolStr::new_static(k.as_str()))));
        set(id::OS, text(&d.os));
        set(id::BROWSER, text(&d.browser));
        let c = &s.customer;
        set(id::SEGMENTS, list(c.segments.as_deref().unwrap_or_default()));
        set(id::VISITOR_TYPE, c.visitor_type.map_or(Fact::Absent, |v| Fact::Text(SmolStr::new_static(v.as_str()))));
        set(id::ORDERS, c.orders.map_or(Fact::Absent, |n| Fact::Num(f64::from(n))));
        set(id::LIFETIME_VALUE, c.lifetime_value.map_or(Fact::Absent, |n| Fact::Num(n.get())));
        set(id::DAYS_SINCE_LAST_ORDER, c.days_since_last_order.map_or(Fact::Absent, |n| Fact::Num(f64::from(n))));
        set(id::CART_VALUE, s.cart.value.map_or(Fact::Absent, |n| Fact::Num(n.get())));
        set(id::CART_ITEMS, s.cart.items.map_or(Fact::Absent, |n| Fact::Num(f64::from(n))));
        set(id::CART_CATEGORIES, s.cart.categories.as_deref().map_or(Fact::Absent, list));
        set(id::WEEKDAY, Fact::Absent);
        set(id::HOUR, Fact::Absent);
        debug_assert_eq!(values.len(), BUILTIN.len());
        values.extend(self.custom.iter().map(|(name, ty)| custom(s.attributes.get(name), *ty)));
        let instant = s.timestamp.map(|t| t.timestamp());
        let mut facts = Facts {
            session_id: SmolStr::new(&s.id),
            bucket_key: SmolStr::new(s.visitor_id.as_deref().unwrap_or(&s.id)),
            instant,
            values,
            segments: SegmentSet::default(),
            computed_segments: SegmentSet::default(),
            derived: 0,
        };
        self.derive(s, &mut facts);
        self.settle_segments(s, &mut facts);
        facts
    }

    /// Derives what the session does not give and some rule or segment
    /// reads: the referrer host, the channel, device facts from the user
    /// agent (the costly part) and the local weekday and hour.
    fn derive(&self, s: &Session, facts: &mut Facts) {
        let t = &s.traffic;
        let channel = t.channel.is_none() && self.reads(id::CHANNEL);
        if t.referrer_host.is_none()
            && (channel || self.reads(id::REFERRER_HOST))
            && let Some(host) = t.referrer.as_deref().and_then(referrer_host)
        {
            facts.set_derived(id::REFERRER_HOST, Fact::Text(host.into()));
        }
        if channel {
            let host = match facts.get(id::REFERRER_HOST) {
                Fact::Text(h) => Some(h.as_str()),
                _ => None,
            };
            let channel = channel_of(t.utm_source.as_deref(), t.utm_medium.as_deref(), host, t.utm_campaign.as_deref());
            facts.set_derived(id::CHANNEL, Fact::Text(SmolStr::new_static(channel.as_str())));
        }
        let d = &s.device;
        let wanted = |given: bool, attr| !given && self.reads(attr);
        let (kind, os, browser) = (
            wanted(d.kind.is_some(), id::DEVICE_TYPE),
            wanted(d.os.is_some(), id::OS),
            wanted(d.browser.is_some(), id::BROWSER),
        );
        if let Some(ua) = d.user_agent.as_deref()
            && (kind || os || browser)
        {
            let info = if browser { parse_user_agent(ua) } else { parse_user_agent_without_browser(ua) };
            if kind {
                facts.set_derived(
                    id::DEVICE_TYPE,
                    info.kind.map_or(Fact::Absent, |k| Fact::Text(SmolStr::new_static(k.as_str()))),
                );
            }
            if os {
                facts.set_derived(id::OS, info.os.as_deref().map_or(Fact::Absent, |o| Fact::Text(o.into())));
            }
            if browser {
                facts.set_derived(id::BROWSER, info.browser.as_deref().map_or(Fact::Absent, |b| Fact::Text(b.into())));
            }
        }
        if let Some(t) = facts.instant
            && (self.reads(id::WEEKDAY) || self.reads(id::HOUR))
        {
            let (weekday, hour) = local_weekday_hour(self.tz, t);
            facts.set_derived(id::WEEKDAY, Fact::Text(SmolStr::new_static(weekday.name())));
            facts.set_derived(id::HOUR, Fact::Num(f64::from(hour)));
        }
    }

    fn settle_segments(&self, s: &Session, facts: &mut Facts) {
        let mut supplied = SegmentSet::with_capacity(self.segments.len());
        for name in s.customer.segments.iter().flatten() {
            if let Some(i) = self.segment_index(name) {
                supplied.insert(i);
            }
        }
        let mut computed = SegmentSet::with_capacity(self.segments.len());
        for (i, seg) in self.segments.iter().enumerate() {
            if let Some(cond) = &seg.when
                && self.holds(cond, facts)
            {
                computed.insert(i as u16);
            }
        }
        supplied.union(&computed);
        facts.segments = supplied;
        facts.computed_segments = computed;
    }

    /// Whether a condition holds for prepared facts.
    pub fn holds(&self, cond: &CCond, facts: &Facts) -> bool {
        match cond {
            CCond::All(items) => items.iter().all(|c| self.holds(c, facts)),
            CCond::Any(items) => items.iter().any(|c| self.holds(c, facts)),
            CCond::Not(inner) => !self.holds(inner, facts),
            CCond::Pred(p) => p.test.eval(facts.get(p.attr), &facts.segments),
        }
    }
}

fn custom(value: Option<&CustomValue>, ty: CustomType) -> Fact {
    match (ty, value) {
        (_, None) => Fact::Absent,
        (CustomType::Text, Some(CustomValue::Text(s))) => Fact::Text(s.as_str().into()),
        (CustomType::Number, Some(CustomValue::Number(n))) => Fact::Num(*n),
        (CustomType::Number, Some(CustomValue::Text(s))) => {
            s.trim().parse::<f64>().ok().filter(|n| n.is_finite()).map_or(Fact::Absent, Fact::Num)
        }
        (CustomType::List, Some(CustomValue::List(items))) => list(items),
        (CustomType::List, Some(CustomValue::Text(s))) => {
            Fact::List(s.split('|').map(str::trim).filter(|x| !x.is_empty()).map(Into::into).collect())
        }
        _ => Fact::Absent,
    }
}
