#!/usr/bin/env python3
"""Expands template.yaml with the AWS SAM translator (the one cfn-lint ships), as CloudFormation's
AWS::Serverless transform does at deployment, and prints the resulting CloudFormation template as JSON.

    python3 scripts/sam_translate.py template.yaml [Name=value ...] > translated.json

Parameters given as Name=value are passed to the translator as the stack's parameter values (the
hosted transform receives them too); the others take their defaults. Local CodeUri paths become a
fixed S3 location, as `sam package` would make them. Used by the Java template tests
(functions/src/test/java/jp/jcstar/functions/SamTemplate.java).
"""
import json
import os
import sys

import yaml
from samtranslator.parser import parser
from samtranslator.translator.translator import Translator


class _Loader(yaml.SafeLoader):
    pass


def _tag(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else ("Fn::GetAtt" if suffix == "GetAtt" else "Fn::" + suffix)
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_Loader.add_multi_constructor("!", _tag)


def _managed_policies():
    try:
        from cfnlint.data import Serverless
        from cfnlint.helpers import load_resource
        return load_resource(Serverless, "ManagedPolicies.json")
    except Exception:  # cfn-lint absent: the names SAM adds itself
        return {"AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        template = yaml.load(f, Loader=_Loader)
    params = dict(a.split("=", 1) for a in argv[2:])
    for name, spec in template.get("Parameters", {}).items():
        if name in params and spec.get("Type") == "CommaDelimitedList":
            params[name] = [] if params[name] == "" else params[name].split(",")
    for res in template.get("Resources", {}).values():
        props = res.get("Properties") or {}
        if res.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str):
            props["CodeUri"] = "s3://deployment-bucket/" + os.path.basename(props["CodeUri"])
    globals_fn = template.get("Globals", {}).get("Function", {})
    if isinstance(globals_fn.get("CodeUri"), str):
        globals_fn["CodeUri"] = "s3://deployment-bucket/" + os.path.basename(globals_fn["CodeUri"])
    os.environ.setdefault("AWS_DEFAULT_REGION", "ap-northeast-1")
    import logging
    logging.getLogger("samtranslator").setLevel(logging.CRITICAL)
    out = Translator(managed_policy_map=_managed_policies(), sam_parser=parser.Parser()).translate(
        sam_template=template, parameter_values=params)
    json.dump(out, sys.stdout, indent=1, sort_keys=True, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
