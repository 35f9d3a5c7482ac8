"""The messages of the top-level package (loading, checking, auditing, saving), in Chinese
and English: one catalog, ``_``, with a section per module that uses it.

Keys are unique across the package; a key names what is wrong, and a module's section
says where it is said. ``tests/test_messages.py`` checks that every key used is defined
and every key defined is used.
"""

from __future__ import annotations

from svcstd.i18n import Catalog

_ = Catalog(
    {
        # --- registry: lookup by name
        "unknown_name": {
            "zh": "没有{kind} {name}{suggestion}；可用：{known}",
            "en": "no {kind} {name}{suggestion}; known: {known}",
        },
        "did_you_mean_names": {"zh": "（是否想用 {names}？）", "en": " (did you mean {names}?)"},
        # --- schemacheck, validate: schema errors; center ids and references
        "required": {
            "en": "missing required key '{name}' in {where}",
            "zh": "{where} 缺少必需的键 '{name}'",
        },
        "required_top": {
            "en": "missing required top-level key '{name}'",
            "zh": "缺少必需的顶层键 '{name}'",
        },
        "required_one_of": {
            "en": "missing required key in {where}: one of {keys}",
            "zh": "{where} 至少需要以下键之一：{keys}",
        },
        "unknown_key": {
            "en": "unknown key '{name}' in {where}",
            "zh": "{where} 中有未知的键 '{name}'",
        },
        "unknown_key_top": {
            "en": "unknown top-level key '{name}'",
            "zh": "未知的顶层键 '{name}'",
        },
        "did_you_mean_key": {
            "en": "did you mean '{suggestion}'?{extensions}",
            "zh": "是否想写 '{suggestion}'？{extensions}",
        },
        "moved_key": {
            "en": "'{name}' belongs in {where}; move it there.{extensions}",
            "zh": "'{name}' 应写在 {where} 中，请移到那里。{extensions}",
        },
        "allowed_keys": {
            "en": "allowed keys here: {allowed}.{extensions}",
            "zh": "此处允许的键：{allowed}。{extensions}",
        },
        "type": {
            "en": "expected {expected}, got {actual} {value}",
            "zh": "类型应为 {expected}，实际为 {actual} {value}",
        },
        "yaml_version": {
            "en": "YAML 1.1 reads `{raw}` as {value}, editors and YAML 1.2 as {other}; write {fix}",
            "zh": "YAML 1.1 把 `{raw}` 读成 {value}，编辑器和 YAML 1.2 读成 {other}；请写成 {fix}",
        },
        "yaml_quote": {
            "en": 'YAML read `{raw}` as {value}; put it in quotes: "{raw}"',
            "zh": 'YAML 把 `{raw}` 读成了 {value}；请加引号："{raw}"',
        },
        "enum": {
            "en": "{value} is not one of: {allowed}",
            "zh": "{value} 不是允许的值之一：{allowed}",
        },
        "did_you_mean": {
            "en": "did you mean {suggestion}?",
            "zh": "是否想写 {suggestion}？",
        },
        "const": {
            "en": "expected {expected}, got {value}",
            "zh": "应为 {expected}，实际为 {value}",
        },
        "pattern": {
            "en": "{value} does not match the pattern {pattern}",
            "zh": "{value} 不符合格式 {pattern}",
        },
        "invalid_format": {
            "en": "{value} is not a valid {format}",
            "zh": "{value} 不是有效的 {format}",
        },
        "regex_hint": {
            "en": "RE2 says: {reason}. Patterns run on RE2, in linear time: no lookaround ((?=, (?!) and no backreferences (\\1); use not_matches or not instead",
            "zh": "RE2 报告：{reason}。正则表达式由 RE2 以线性时间执行：不支持环视（(?=、(?!）和反向引用（\\1）；请改用 not_matches 或 not",
        },
        "format_example": {
            "en": "write it like {example}",
            "zh": "请写成 {example} 这样的形式",
        },
        "minimum": {
            "en": "{value} is less than the minimum {limit}",
            "zh": "{value} 小于最小值 {limit}",
        },
        "maximum": {
            "en": "{value} is greater than the maximum {limit}",
            "zh": "{value} 大于最大值 {limit}",
        },
        "min_length": {
            "en": "{value} is too short: at least {limit} character(s)",
            "zh": "{value} 太短：至少 {limit} 个字符",
        },
        "more_unknown_keys": {
            "en": "{count} more unknown keys in {where} are not shown",
            "zh": "{where} 中另有 {count} 个未知的键未列出",
        },
        "more_problems": {
            "en": "{count} more problems in this file are not shown; fix the ones above and run again",
            "zh": "此文件另有 {count} 处问题未列出；请先修正以上问题再运行",
        },
        "schema": {
            "en": "schema error: {detail}",
            "zh": "结构错误：{detail}",
        },
        "duplicate_element_id": {
            "en": "duplicate id {id} in {collection}, first used at line {line}",
            "zh": "{collection} 中的 id {id} 重复，首次出现在第 {line} 行",
        },
        "duplicate_element_id_other_file": {
            "en": "duplicate id {id} in {collection}, first used at {location}",
            "zh": "{collection} 中的 id {id} 重复，首次出现在 {location}",
        },
        "unknown_ref": {
            "en": "{target} is not an id in {collection}",
            "zh": "{collection} 中没有 id {target}",
        },
        "self_ref": {
            "en": "{target} refers to itself; name another element of {collection}",
            "zh": "{target} 引用了自身；请填写 {collection} 中的其他元素",
        },
        "known_ids": {
            "en": "known ids: {ids}",
            "zh": "已有的 id：{ids}",
        },
        "no_ids": {
            "en": "{collection} defines no ids",
            "zh": "{collection} 中没有定义任何 id",
        },
    }
)
