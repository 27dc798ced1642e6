//! Whom and when a phrase fits: the years it is current, the report types, the role (领导干部 or
//! 一般干部) and the kinds of unit it is written for.
//!
//! A phrase bank group, or one phrase in it, may say `from`/`to` (years, inclusive), `types`
//! (template ids), `role` (`leader` / `staff`) and `units` (乡镇、县直部门、学校、医院、国有企业、村).
//! Anything left out fits everyone. An [`Audience`] is who is writing: the report's 年度, template,
//! role and unit kind, read from the draft's fields in the wizard and from the flags of
//! `shuzhi phrases`; [`Fit::fits`] decides whether a phrase is offered to them.

use std::collections::BTreeMap;

use super::Template;

/// The field of a template that says the writer's role, where a template serves both.
pub const ROLE_FIELD: &str = "角色";
/// The field that says the kind of unit the writer works in.
pub const UNIT_FIELD: &str = "单位类型";
/// The field that holds the report's year.
pub const YEAR_FIELD: &str = "年度";

/// Whether the writer leads a unit or a part of it (班子成员) or is one of its staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Leader,
    Staff,
}

impl Role {
    /// Both roles, with the names used in files.
    pub const ALL: [(Role, &'static str); 2] = [(Role::Leader, "leader"), (Role::Staff, "staff")];

    /// The role a file names (`leader`, `staff`).
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL
            .iter()
            .find(|(_, n)| *n == name.trim())
            .map(|(role, _)| *role)
    }

    /// The role a writer typed in the form: 领导干部 / 领导 / 班子成员, or 一般干部 / 一般 / 工作人员;
    /// the file names work too.
    pub fn from_field(value: &str) -> Option<Role> {
        let value = value.trim();
        if let Some(role) = Role::from_name(value) {
            return Some(role);
        }
        if ["一般", "工作人员", "科员", "职工"]
            .iter()
            .any(|w| value.contains(w))
        {
            Some(Role::Staff)
        } else if ["领导", "班子"].iter().any(|w| value.contains(w)) {
            Some(Role::Leader)
        } else {
            None
        }
    }

    /// How the form and messages name it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Leader => "领导干部",
            Role::Staff => "一般干部",
        }
    }
}

/// The kinds of unit the phrase banks write for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum UnitKind {
    Township,
    CountyDepartment,
    School,
    Hospital,
    StateEnterprise,
    Village,
}

impl UnitKind {
    /// Every kind with the name used in files and in the form.
    pub const ALL: [(UnitKind, &'static str); 6] = [
        (UnitKind::Township, "乡镇"),
        (UnitKind::CountyDepartment, "县直部门"),
        (UnitKind::School, "学校"),
        (UnitKind::Hospital, "医院"),
        (UnitKind::StateEnterprise, "国有企业"),
        (UnitKind::Village, "村"),
    ];

    /// The kind a file names exactly (`乡镇`).
    pub fn from_name(name: &str) -> Option<UnitKind> {
        UnitKind::ALL
            .iter()
            .find(|(_, n)| *n == name.trim())
            .map(|(kind, _)| *kind)
    }

    /// The kind a writer typed in the form: a name above, or a usual way of saying it (街道, 局,
    /// 中学, 卫生院, 国企, 社区…).
    pub fn from_field(value: &str) -> Option<UnitKind> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        if let Some(kind) = UnitKind::from_name(value) {
            return Some(kind);
        }
        const SAYINGS: [(UnitKind, &[&str]); 6] = [
            (
                UnitKind::StateEnterprise,
                &["国企", "国有", "公司", "集团", "企业"],
            ),
            (UnitKind::Hospital, &["医院", "卫生院", "卫生", "医疗"]),
            (
                UnitKind::School,
                &["学校", "中学", "小学", "幼儿园", "学院", "教育"],
            ),
            (UnitKind::Township, &["乡", "镇", "街道"]),
            (UnitKind::Village, &["村", "社区"]),
            (
                UnitKind::CountyDepartment,
                &["部门", "机关", "局", "委", "办", "县直", "市直", "区直"],
            ),
        ];
        SAYINGS
            .iter()
            .find(|(_, words)| words.iter().any(|w| value.contains(w)))
            .map(|(kind, _)| *kind)
    }

    /// The name used in files and in the form.
    pub fn name(self) -> &'static str {
        UnitKind::ALL
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or("", |(_, name)| name)
    }

    /// The names, for messages: `乡镇、县直部门、…`.
    pub fn names() -> String {
        UnitKind::ALL
            .iter()
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// Whom a phrase is for. The default fits everyone in every year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fit {
    /// First year the phrase is current in, if it has one.
    pub from: Option<u16>,
    /// Last year the phrase is current in, if it has one.
    pub to: Option<u16>,
    /// Ids of the templates (report types) it fits; empty: all.
    pub types: Vec<String>,
    /// The only role it fits, if it is written for one.
    pub role: Option<Role>,
    /// The kinds of unit it is written for; empty: all.
    pub units: Vec<UnitKind>,
}

/// Who is writing: what [`Fit::fits`] is asked about. `None` is "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Audience {
    /// The template (report type) being written.
    pub template: Option<String>,
    /// The year the report is about.
    pub year: Option<u16>,
    pub role: Option<Role>,
    pub unit: Option<UnitKind>,
}

impl Fit {
    /// `self` with every key that `over` sets taken from `over` (a phrase's own keys over its
    /// group's).
    pub fn overridden_by(&self, over: &Fit) -> Fit {
        Fit {
            from: over.from.or(self.from),
            to: over.to.or(self.to),
            types: match over.types.is_empty() {
                true => self.types.clone(),
                false => over.types.clone(),
            },
            role: over.role.or(self.role),
            units: match over.units.is_empty() {
                true => self.units.clone(),
                false => over.units.clone(),
            },
        }
    }

    /// Whether the phrase is offered to `audience`: within its years, of its types, of its role
    /// and (when the writer said one) of the writer's kind of unit.
    pub fn fits(&self, audience: &Audience) -> bool {
        let year_ok = audience.year.is_none_or(|year| {
            self.from.is_none_or(|from| from <= year) && self.to.is_none_or(|to| year <= to)
        });
        let type_ok = self.types.is_empty()
            || audience
                .template
                .as_ref()
                .is_none_or(|id| self.types.iter().any(|t| t == id));
        let role_ok = match (self.role, audience.role) {
            (Some(mine), Some(theirs)) => mine == theirs,
            _ => true,
        };
        let unit_ok =
            self.units.is_empty() || audience.unit.is_none_or(|unit| self.units.contains(&unit));
        year_ok && type_ok && role_ok && unit_ok
    }

    /// Whether it has an end year before `year`.
    pub fn expired_in(&self, year: u16) -> bool {
        self.to.is_some_and(|to| to < year)
    }
}

impl Audience {
    /// Who writes a draft of `template` with these field values: its 年度 (the first four digits
    /// in the field), the role in the 角色 field or else the template's first role, and the unit
    /// kind in the 单位类型 field.
    pub fn of_draft(template: &Template, fields: &BTreeMap<String, String>) -> Audience {
        let field = |key: &str| fields.get(key).map(String::as_str).unwrap_or("");
        Audience {
            template: Some(template.id.clone()),
            year: year_in(field(YEAR_FIELD)),
            role: Role::from_field(field(ROLE_FIELD)).or_else(|| template.roles.first().copied()),
            unit: UnitKind::from_field(field(UNIT_FIELD)),
        }
    }
}

/// The year a 年度 field holds: its first run of four digits (`2026`, `2026年`, `２０２６`).
pub fn year_in(value: &str) -> Option<u16> {
    let mut run = String::new();
    for c in value.chars() {
        let digit = match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
            _ => None,
        };
        match digit {
            Some(d) => {
                run.push(d);
                if run.len() == 4 {
                    return run.parse().ok();
                }
            }
            None => run.clear(),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audience(year: Option<u16>, role: Option<Role>, unit: Option<UnitKind>) -> Audience {
        Audience {
            template: Some("zongjie".into()),
            year,
            role,
            unit,
        }
    }

    #[test]
    fn a_phrase_with_years_is_offered_only_within_them() {
        let fit = Fit {
            from: Some(2024),
            to: Some(2026),
            ..Fit::default()
        };
        assert!(fit.fits(&audience(Some(2024), None, None)));
        assert!(fit.fits(&audience(Some(2026), None, None)));
        assert!(!fit.fits(&audience(Some(2027), None, None)));
        assert!(!fit.fits(&audience(Some(2023), None, None)));
        assert!(fit.fits(&audience(None, None, None)), "no year: all years");
    }

    #[test]
    fn a_typed_phrase_fits_only_its_report_types() {
        let fit = Fit {
            types: vec!["dnqjl".into()],
            ..Fit::default()
        };
        assert!(!fit.fits(&audience(None, None, None)));
        let mut dnqjl = audience(None, None, None);
        dnqjl.template = Some("dnqjl".into());
        assert!(fit.fits(&dnqjl));
        dnqjl.template = None;
        assert!(fit.fits(&dnqjl), "no template: every type");
    }

    #[test]
    fn a_leader_phrase_is_not_offered_to_staff() {
        let fit = Fit {
            role: Some(Role::Leader),
            ..Fit::default()
        };
        assert!(!fit.fits(&audience(None, Some(Role::Staff), None)));
        assert!(fit.fits(&audience(None, Some(Role::Leader), None)));
        assert!(Fit::default().fits(&audience(None, Some(Role::Staff), None)));
    }

    #[test]
    fn a_unit_phrase_is_offered_to_that_unit_kind_or_when_none_is_said() {
        let fit = Fit {
            units: vec![UnitKind::Township, UnitKind::Village],
            ..Fit::default()
        };
        assert!(fit.fits(&audience(None, None, Some(UnitKind::Village))));
        assert!(!fit.fits(&audience(None, None, Some(UnitKind::Hospital))));
        assert!(fit.fits(&audience(None, None, None)));
    }

    #[test]
    fn a_phrase_key_replaces_its_groups() {
        let group = Fit {
            from: Some(2026),
            role: Some(Role::Leader),
            ..Fit::default()
        };
        let phrase = Fit {
            role: Some(Role::Staff),
            to: Some(2026),
            ..Fit::default()
        };
        let both = group.overridden_by(&phrase);
        assert_eq!((both.from, both.to), (Some(2026), Some(2026)));
        assert_eq!(both.role, Some(Role::Staff));
    }

    #[test]
    fn the_form_may_say_role_and_unit_in_usual_words() {
        assert_eq!(Role::from_field("一般干部"), Some(Role::Staff));
        assert_eq!(Role::from_field("领导干部"), Some(Role::Leader));
        assert_eq!(Role::from_field("班子成员"), Some(Role::Leader));
        assert_eq!(Role::from_field(""), None);
        assert_eq!(UnitKind::from_field("街道"), Some(UnitKind::Township));
        assert_eq!(UnitKind::from_field("乡镇卫生院"), Some(UnitKind::Hospital));
        assert_eq!(
            UnitKind::from_field("县直部门"),
            Some(UnitKind::CountyDepartment)
        );
        assert_eq!(
            UnitKind::from_field("国企"),
            Some(UnitKind::StateEnterprise)
        );
        assert_eq!(UnitKind::from_field("村"), Some(UnitKind::Village));
        assert_eq!(UnitKind::from_field("社区"), Some(UnitKind::Village));
        assert_eq!(UnitKind::from_field("其他"), None);
    }

    #[test]
    fn a_draft_says_its_year_role_and_unit_or_gets_the_templates_usual_role() {
        let registry = crate::template::Registry::builtin();
        let zongjie = registry.template("zongjie").unwrap();
        let fields = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let plain = Audience::of_draft(zongjie, &fields(&[("年度", "2026")]));
        assert_eq!(plain.year, Some(2026));
        assert_eq!(
            plain.role,
            Some(Role::Staff),
            "zongjie is for 一般干部 first"
        );
        assert_eq!(plain.unit, None);
        let said = Audience::of_draft(
            zongjie,
            &fields(&[
                ("年度", "2025年"),
                ("角色", "领导干部"),
                ("单位类型", "乡镇"),
            ]),
        );
        assert_eq!(said.year, Some(2025));
        assert_eq!(said.role, Some(Role::Leader));
        assert_eq!(said.unit, Some(UnitKind::Township));
        let dnqjl = registry.template("dnqjl").unwrap();
        assert_eq!(
            Audience::of_draft(dnqjl, &BTreeMap::new()).role,
            Some(Role::Leader)
        );
    }

    #[test]
    fn the_year_is_the_first_four_digits_of_the_field() {
        assert_eq!(year_in("2026"), Some(2026));
        assert_eq!(year_in("2026年度"), Some(2026));
        assert_eq!(year_in("２０２６"), Some(2026));
        assert_eq!(year_in("二〇二六"), None);
        assert_eq!(year_in("26"), None);
    }
}
