//! The templates and phrase banks compiled into the binary, so an installed `shuzhi` needs no
//! files. A test checks that every file in the repo's `templates/` folder is listed here.

macro_rules! template {
    ($id:literal) => {
        (
            concat!("内置/", $id, ".toml"),
            include_str!(concat!("../../templates/", $id, ".toml")),
        )
    };
}

macro_rules! bank {
    ($id:literal) => {
        (
            concat!("内置/phrases/", $id, ".toml"),
            include_str!(concat!("../../templates/phrases/", $id, ".toml")),
        )
    };
}

/// `(name shown in messages, TOML text)` of each built-in template.
pub const TEMPLATES: &[(&str, &str)] = &[
    template!("dnqjl"),
    template!("shulian"),
    template!("shuze"),
    template!("zongjie"),
    template!("duizhao"),
];

/// `(name shown in messages, TOML text)` of each built-in phrase bank.
pub const BANKS: &[(&str, &str)] = &[
    bank!("agriculture"),
    bank!("causes"),
    bank!("closing"),
    bank!("county-department"),
    bank!("ecology"),
    bank!("economy"),
    bank!("enterprise"),
    bank!("hospital"),
    bank!("ideology"),
    bank!("integrity"),
    bank!("livelihood"),
    bank!("meeting-prep"),
    bank!("opening"),
    bank!("party-building"),
    bank!("plans"),
    bank!("political-study"),
    bank!("problems"),
    bank!("professional-learning"),
    bank!("projects"),
    bank!("rectification"),
    bank!("responsibility"),
    bank!("rule-of-law"),
    bank!("rural-revitalisation"),
    bank!("safety"),
    bank!("school"),
    bank!("shortcomings"),
    bank!("stability"),
    bank!("summary-work"),
    bank!("township"),
    bank!("village"),
    bank!("work-style"),
];
