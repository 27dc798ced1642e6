//! Templates: the shape of one kind of report (述职报告的模板), and the phrase banks they use.
//!
//! A [`Template`] names the report's fields (年度, 姓名…), its parts in order with their headings,
//! numbering, guidance and phrases, and its title pattern. Built-in templates live in the repo's
//! `templates/` folder and are compiled into the binary; a user's folder adds templates or
//! overrides one by id ([`Registry`]). Parsing is strict: every mistake is an [`Error`] of its
//! own kind with file:line:col. The format is documented for users in `templates/README.md`.

mod builtin;
mod error;
mod fit;
mod parse;
mod registry;

pub use error::{Error, FitProblem};
pub use fit::{Audience, Fit, ROLE_FIELD, Role, UNIT_FIELD, UnitKind, YEAR_FIELD, year_in};
pub use parse::{parse_bank, parse_template};
pub use registry::{DEFAULT_TEMPLATE, Registry};

use crate::text::ordinal::PointStyle;

/// One kind of report.
#[derive(Clone, Debug)]
pub struct Template {
    /// Short ASCII id used on the command line and in drafts (`dnqjl`).
    pub id: String,
    /// Full name (`述职述德述廉述法报告（德能勤绩廉）`).
    pub name: String,
    /// One line saying what it is for.
    pub summary: String,
    /// Title pattern with `{字段}` references (`{年度}年度述职述廉报告`).
    pub title: String,
    pub fields: Vec<Field>,
    pub parts: Vec<Part>,
    /// 字数 limit of the whole report body, if the organising department sets one.
    pub max_chars: Option<usize>,
    /// Whether the report ends with the signature block (署名 and 日期, from the fields `姓名`
    /// and `日期`); a draft may say otherwise.
    pub signature: bool,
    /// The roles it serves, the usual one first (a draft that does not say its 角色 gets it);
    /// empty: any.
    pub roles: Vec<Role>,
    /// 姓名行: a line centred under the title naming the writer (`{姓名}`), with `{字段}`
    /// references; a draft may replace it or, with an empty one, leave it out.
    pub byline: Option<String>,
    /// Where it was read from: `内置` or the user's file.
    pub origin: String,
}

/// A value the writer fills in once (姓名, 职务…), used in the title and as `{字段}` in text.
#[derive(Clone, Debug)]
pub struct Field {
    pub key: String,
    pub label: String,
    pub hint: String,
    pub required: bool,
}

/// 报告的一个部分: one step of the wizard and one section of the draft.
#[derive(Clone, Debug)]
pub struct Part {
    /// ASCII id, the key of `[sections.ID]` in a draft.
    pub id: String,
    /// Short name shown in the wizard's step bar and in messages (`德·学习`).
    pub step: String,
    /// What the part is about, as words a heading of it would use (学习, 政治, 理论): how an
    /// imported report's parts are matched to this template's by meaning.
    pub about: Vec<String>,
    /// Default level-1 heading (numbered 一、二、… by the tool); `None` for a part with no heading,
    /// such as the opening.
    pub heading: Option<String>,
    /// How the paragraphs of this part are numbered, if they are.
    pub points: Option<PointStyle>,
    /// What belongs here, for a first-time writer.
    pub guidance: String,
    /// The usual 字数 of this part, `(min, max)`.
    pub chars: Option<(usize, usize)>,
    /// Ids of the shared phrase banks this part offers.
    pub banks: Vec<String>,
    /// Phrases written in the template itself, offered before the banks'.
    pub phrases: Vec<Phrase>,
}

/// A shared stock of phrases on one subject, referred to by templates.
#[derive(Clone, Debug)]
pub struct Bank {
    pub id: String,
    pub name: String,
    pub phrases: Vec<Phrase>,
    pub origin: String,
}

/// A stock phrase (套话/素材), possibly with `{slots}` to fill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub text: String,
    /// The topic it is filed under (a bank group's topic, or the part's step name).
    pub topic: String,
    /// The years, report types, role and unit kinds it is written for.
    pub fit: Fit,
}

impl Phrase {
    /// A phrase that fits everyone.
    pub fn new(text: impl Into<String>, topic: impl Into<String>) -> Phrase {
        Phrase {
            text: text.into(),
            topic: topic.into(),
            fit: Fit::default(),
        }
    }
}

impl Template {
    /// The part with this id.
    pub fn part(&self, id: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.id == id)
    }

    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}
