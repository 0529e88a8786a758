"""Every role × every use case: the services themselves refuse what a role may not do.

The table below names every public method of the services the desk, admin and statistics windows
use (catalogue, settings, audit trail, subject requests, staff, statistics and exports), with
the permission it needs (``None``: no permission, e.g. reads of the public catalogue, clocks).
The services are introspected, so a new method without an entry here fails
``test_every_use_case_has_an_entry``. Each use case is then run signed in as a desk worker, as an
admin and signed out: an allowed call may fail for its own reasons (a ``DeskError`` about its
arguments) but never with ``PermissionDeniedError``; a refused call raises it and leaves every
table, the settings file and the output folder exactly as they were.
"""

import datetime as dt
import inspect
import json
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from desk_app.bootstrap import bootstrap
from desk_app.db.backup import SqliteBackupStore
from desk_app.domain.codes import ChannelKind, ReferralStatus
from desk_app.domain.errors import DeskError, PermissionDeniedError
from desk_app.domain.staff import Permission, Role, StaffSession
from desk_app.domain.stats import Grouping, Period, StatsFilter
from desk_app.domain.taxonomy_rules import OrganisationDraft, ProgrammeDraft, TopicDraft
from desk_app.domain.texts import Texts
from desk_app.domain.visit import VisitDraft
from desk_app.services.access import Access
from desk_app.services.accounts import AccountService
from desk_app.services.audit import AuditTrail
from desk_app.services.backups import BackupService
from desk_app.services.catalogue_admin import CatalogueAdmin
from desk_app.services.catalogue_files import CatalogueFiles
from desk_app.services.desk import DeskService
from desk_app.services.settings_admin import SettingsAdmin
from desk_app.services.stats import StatisticsService
from desk_app.services.stats_exports import ExportFormat, StatisticsExports
from desk_app.services.subject_requests import SubjectRequests
from desk_app.services.taxonomy import TaxonomyAdmin

P = Permission
TODAY = dt.date(2026, 3, 2)
PERIOD = Period(dt.date(2026, 1, 1), TODAY)

MATRIX = {
    DeskService: {
        "now": (None, lambda s, e: s.now()),
        "today": (None, lambda s, e: s.today()),
        "local_now": (None, lambda s, e: s.local_now()),
        "topics": (None, lambda s, e: s.topics()),
        "services": (None, lambda s, e: s.services()),
        "active_services": (None, lambda s, e: s.active_services()),
        "open_now": (None, lambda s, e: s.open_now()),
        "service": (None, lambda s, e: s.service(e["service"])),
        "programmes": (None, lambda s, e: s.programmes()),
        "sheet_header": (None, lambda s, e: s.sheet_header()),
        "handout_languages": (None, lambda s, e: s.handout_languages()),
        "handout_language_name": (None, lambda s, e: s.handout_language_name("sv")),
        "default_follow_up_due": (None, lambda s, e: s.default_follow_up_due()),
        "default_contact_expiry": (None, lambda s, e: s.default_contact_expiry()),
        "sticky_defaults": (P.RECORD_VISIT, lambda s, e: s.sticky_defaults()),
        "save_sticky_defaults": (
            P.RECORD_VISIT,
            lambda s, e: s.save_sticky_defaults({"language": "sv"}),
        ),
        "save_stale_after_months": (P.EDIT_CATALOGUE, lambda s, e: s.save_stale_after_months(7)),
        "replace_settings": (P.EDIT_SETTINGS, lambda s, e: s.replace_settings(s.settings)),
        "record_visit": (P.RECORD_VISIT, lambda s, e: s.record_visit(VisitDraft(("JOB",)))),
        "visit_draft": (P.RECORD_VISIT, lambda s, e: s.visit_draft(e["visit"])),
        "update_visit": (
            P.RECORD_VISIT,
            lambda s, e: s.update_visit(e["visit"], VisitDraft(("JOB",), language="sv")),
        ),
        "delete_visit": (P.RECORD_VISIT, lambda s, e: s.delete_visit(e["visit"])),
        "visits_today": (P.RECORD_VISIT, lambda s, e: s.visits_today()),
        "handouts_of": (P.RECORD_VISIT, lambda s, e: s.handouts_of(e["visit"])),
        "record_handouts": (
            P.PRINT,
            lambda s, e: s.record_handouts(e["visit"], [e["service"]], "fi"),
        ),
        "referral_sheet_pdf": (P.PRINT, lambda s, e: s.referral_sheet_pdf([e["service"]], "fi")),
        "leaflet_pdf": (P.PRINT, lambda s, e: s.leaflet_pdf(e["service"], "fi")),
        "booklet_pdf": (P.PRINT, lambda s, e: s.booklet_pdf("fi")),
        "follow_ups": (P.WORK_FOLLOW_UPS, lambda s, e: s.follow_ups()),
        "follow_up_contact": (P.WORK_FOLLOW_UPS, lambda s, e: s.follow_up_contact("none")),
        "set_follow_up_status": (
            P.WORK_FOLLOW_UPS,
            lambda s, e: s.set_follow_up_status("none", ReferralStatus.CONTACTED),
        ),
    },
    CatalogueAdmin: {
        "today": (None, lambda s, e: s.today()),
        "services": (P.EDIT_CATALOGUE, lambda s, e: s.services()),
        "choices": (P.EDIT_CATALOGUE, lambda s, e: s.choices()),
        "service": (P.EDIT_CATALOGUE, lambda s, e: s.service(e["service"])),
        "channel": (P.EDIT_CATALOGUE, lambda s, e: s.channel(e["channel"])),
        "channels": (P.EDIT_CATALOGUE, lambda s, e: s.channels()),
        "suggest_channel_code": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.suggest_channel_code(e["service"], ChannelKind.PHONE),
        ),
        "save_service": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.save_service(e["loaded_service"].edit, new=False),
        ),
        "mark_checked_today": (P.EDIT_CATALOGUE, lambda s, e: s.mark_checked_today(e["service"])),
        "set_service_channels": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.set_service_channels(e["service"], [e["channel"]]),
        ),
        "link_channel": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.link_channel(e["service"], e["channel"]),
        ),
        "unlink_channel": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.unlink_channel(e["service"], e["channel"]),
        ),
        "move_channel": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.move_channel(e["service"], e["channel"], 1),
        ),
        "save_channel": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.save_channel(e["loaded_channel"].edit, new=False),
        ),
        "save_hours": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.save_hours(e["channel"], e["loaded_channel"].hours),
        ),
    },
    TaxonomyAdmin: {
        "now": (None, lambda s, e: s.now()),
        "today": (None, lambda s, e: s.today()),
        "topics": (P.EDIT_CATALOGUE, lambda s, e: s.topics()),
        "topic": (P.EDIT_CATALOGUE, lambda s, e: s.topic("JOB")),
        "add_topic": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.add_topic(TopicDraft("NEWTOPIC", Texts({"fi": "Uusi"}))),
        ),
        "rename_topic": (P.EDIT_CATALOGUE, lambda s, e: s.rename_topic("JOB", {"fi": "Työ"})),
        "reorder_topics": (P.EDIT_CATALOGUE, lambda s, e: s.reorder_topics(["JOB"])),
        "move_topic": (P.EDIT_CATALOGUE, lambda s, e: s.move_topic("JOB", 1)),
        "retire_topic": (P.EDIT_CATALOGUE, lambda s, e: s.retire_topic("JOB")),
        "unretire_topic": (P.EDIT_CATALOGUE, lambda s, e: s.unretire_topic("JOB")),
        "merge_preview": (P.EDIT_CATALOGUE, lambda s, e: s.merge_preview("JOB", e["topic2"])),
        "merge_topic": (P.EDIT_CATALOGUE, lambda s, e: s.merge_topic("JOB", e["topic2"])),
        "topic_counts": (P.EDIT_CATALOGUE, lambda s, e: s.topic_counts(TODAY, TODAY)),
        "organisations": (P.EDIT_CATALOGUE, lambda s, e: s.organisations()),
        "save_organisation": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.save_organisation(
                OrganisationDraft("NEWORG", "other", Texts({"fi": "Uusi"})), new=True
            ),
        ),
        "programmes": (P.EDIT_CATALOGUE, lambda s, e: s.programmes()),
        "save_programme": (
            P.EDIT_CATALOGUE,
            lambda s, e: s.save_programme(
                ProgrammeDraft("NEWPROG", e["organisation"], Texts({"fi": "Uusi"})), new=True
            ),
        ),
        "staleness": (P.EDIT_CATALOGUE, lambda s, e: s.staleness(12)),
    },
    CatalogueFiles: {
        "export_json": (P.EXCHANGE_CATALOGUE, lambda s, e: s.export_json(e["out"] / "c.json")),
        "export_hsds": (P.EXCHANGE_CATALOGUE, lambda s, e: s.export_hsds("fi", e["out"] / "h")),
        "plan_json_import": (P.EXCHANGE_CATALOGUE, lambda s, e: s.plan_json_import(e["json"])),
        "apply_json_import": (P.EXCHANGE_CATALOGUE, lambda s, e: s.apply_json_import(e["json"])),
        "plan_ptv_import": (P.EXCHANGE_CATALOGUE, lambda s, e: s.plan_ptv_import(e["json"])),
        "apply_ptv_import": (P.EXCHANGE_CATALOGUE, lambda s, e: s.apply_ptv_import(e["json"])),
    },
    StatisticsService: {
        "dashboard": (
            P.VIEW_STATISTICS,
            lambda s, e: s.dashboard(PERIOD, StatsFilter(channels=frozenset({"phone"}))),
        ),
        "table": (P.VIEW_STATISTICS, lambda s, e: s.table(PERIOD, Grouping.TOPIC)),
        "filter_choices": (P.VIEW_STATISTICS, lambda s, e: s.filter_choices()),
    },
    StatisticsExports: {
        "suggested_name": (
            None,
            lambda s, e: s.suggested_name(PERIOD, StatsFilter(), ExportFormat.CSV, Grouping.DAY),
        ),
        "write": (
            P.VIEW_STATISTICS,
            lambda s, e: s.write(e["out"] / "s.csv", ExportFormat.CSV, PERIOD, StatsFilter()),
        ),
    },
    SettingsAdmin: {
        "values": (P.EDIT_SETTINGS, lambda s, e: s.values()),
        "change": (P.EDIT_SETTINGS, lambda s, e: s.change({"retention_note_days": 29})),
        "plan_purge": (P.RUN_RETENTION, lambda s, e: s.plan_purge()),
        "purge_now": (P.RUN_RETENTION, lambda s, e: s.purge_now()),
    },
    AuditTrail: {
        "entries": (P.VIEW_AUDIT, lambda s, e: s.entries()),
        "verify": (P.VIEW_AUDIT, lambda s, e: s.verify()),
    },
    SubjectRequests: {
        "find": (P.SUBJECT_REQUESTS, lambda s, e: s.find("Virtanen")),
        "export": (P.SUBJECT_REQUESTS, lambda s, e: s.export(["no-such-record"])),
        "erase": (P.SUBJECT_REQUESTS, lambda s, e: s.erase(["no-such-record"])),
    },
    BackupService: {
        "list_backups": (P.MANAGE_BACKUPS, lambda s, e: s.list_backups()),
        "inspect": (P.MANAGE_BACKUPS, lambda s, e: s.inspect(e["out"] / "none.sqlite3")),
        "backup_now": (P.MANAGE_BACKUPS, lambda s, e: s.backup_now(e["out"] / "backups")),
        "backup_if_due": (P.MANAGE_BACKUPS, lambda s, e: s.backup_if_due()),
        "backup_on_exit": (P.MANAGE_BACKUPS, lambda s, e: s.backup_on_exit()),
        "rotate": (P.MANAGE_BACKUPS, lambda s, e: s.rotate()),
        # A missing file: refused for its argument, so the shared database stays as it is.
        "restore": (P.MANAGE_BACKUPS, lambda s, e: s.restore(e["out"] / "none.sqlite3")),
    },
    AccountService: {
        # Signing in, out and locking are for anyone at the desk; see test_accounts.py.
        "needs_first_admin": (None, lambda s, e: s.needs_first_admin()),
        "create_first_admin": (None, lambda s, e: s.create_first_admin("x1", "X", "pw" * 6)),
        "sign_in": (None, lambda s, e: s.sign_in("nobody", "wrong password")),
        "sign_out": (None, lambda s, e: None),  # would change who is signed in mid-test
        "switch_user": (None, lambda s, e: s.switch_user("nobody", "wrong password")),
        "lock": (None, lambda s, e: None),
        "verify_same_user": (None, lambda s, e: s.verify_same_user("wrong password")),
        "must_change_password": (None, lambda s, e: s.must_change_password()),
        "change_own_password": (
            None,
            lambda s, e: s.change_own_password("wrong password", "new password 1"),
        ),
        "users": (P.MANAGE_USERS, lambda s, e: s.users()),
        "add_user": (
            P.MANAGE_USERS,
            lambda s, e: s.add_user("new.user", "New User", Role.DESK, "new password 1"),
        ),
        "set_active": (P.MANAGE_USERS, lambda s, e: s.set_active("desk.user", False)),
        "reset_password": (
            P.MANAGE_USERS,
            lambda s, e: s.reset_password("desk.user", "reset password 1"),
        ),
    },
}

ROLES = {
    "desk": StaffSession("u-desk", "desk.user", "Dana Desk", Role.DESK, "desk-1"),
    "admin": StaffSession("u-admin", "admin.user", "Aino Admin", Role.ADMIN, "desk-1"),
    "signed_out": None,
}


def public_methods(cls):
    return sorted(
        name
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    )


def test_every_use_case_has_an_entry():
    for cls, entries in MATRIX.items():
        assert public_methods(cls) == sorted(entries), cls.__name__


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("matrix")
    access = Access()
    ctx = bootstrap(root / "data", access=access)
    system = Access.system()
    desk = ctx.desk
    admin = CatalogueAdmin(ctx.uow, desk.now, desk.tz)
    service = sorted(s.code for s in desk.services())[0]
    loaded = admin.service(service)
    channel = loaded.channels[0].code
    organisation = admin.choices().organisations[0].code
    accounts = AccountService(ctx.uow, system, workstation="desk-1")
    accounts.create_first_admin("admin.user", "Aino Admin", "admin password 1")
    accounts.add_user("desk.user", "Dana Desk", Role.DESK, "desk password 1")
    exported = root / "catalogue.json"
    CatalogueFiles(ctx.uow).export_json(exported)
    visit = DeskService(ctx.uow, ctx.settings).record_visit(VisitDraft(("JOB",))).id
    services = {
        DeskService: DeskService(
            ctx.uow, ctx.settings, settings_path=ctx.paths.settings_file, access=access
        ),
        CatalogueAdmin: CatalogueAdmin(ctx.uow, desk.now, desk.tz, access=access),
        TaxonomyAdmin: TaxonomyAdmin(ctx.uow, desk.now, access=access),
        CatalogueFiles: CatalogueFiles(ctx.uow, access=access),
        AccountService: AccountService(ctx.uow, access, workstation="desk-1"),
        StatisticsService: StatisticsService(ctx.uow, access, ctx.settings),
        AuditTrail: AuditTrail(ctx.uow, access),
        SubjectRequests: SubjectRequests(ctx.uow, access),
        BackupService: BackupService(
            SqliteBackupStore(ctx.engine, ctx.paths.backups),
            ctx.uow,
            access,
            ctx.paths,
            ctx.settings,
        ),
    }
    services[StatisticsExports] = StatisticsExports(
        services[StatisticsService], lambda: ctx.settings, desk.sheet_header
    )
    services[SettingsAdmin] = SettingsAdmin(services[DeskService], ctx.uow, access, ctx.paths)
    topics = [t.code for t in desk.topics() if t.code != "JOB"]
    yield {
        "ctx": ctx,
        "access": access,
        "services": services,
        "service": service,
        "channel": channel,
        "loaded_service": loaded,
        "loaded_channel": admin.channel(channel),
        "organisation": organisation,
        "topic2": topics[0],
        "visit": visit,
        "json": exported,
        "out": root / "out",
    }
    ctx.close()


def snapshot(env):
    ctx = env["ctx"]
    meta = env.get("meta")
    if meta is None:
        meta = env["meta"] = MetaData()
        meta.reflect(ctx.engine)
    with ctx.engine.connect() as connection:
        tables = {
            name: sorted(map(repr, connection.execute(select(table)).all()))
            for name, table in meta.tables.items()
        }
    settings_file = Path(ctx.paths.settings_file)
    settings = json.loads(settings_file.read_text()) if settings_file.exists() else None
    out = sorted(str(p) for p in env["out"].rglob("*")) if env["out"].exists() else []
    return tables, settings, out


CASES = [
    pytest.param(cls, name, role, id=f"{cls.__name__}.{name}-{role}")
    for cls, entries in MATRIX.items()
    for name in entries
    for role in ROLES
]


@pytest.mark.parametrize(("cls", "name", "role"), CASES)
def test_role_may_or_may_not(env, cls, name, role):
    permission, call = MATRIX[cls][name]
    session = ROLES[role]
    access = env["access"]
    if session is None:
        access.sign_out()
    else:
        access.sign_in(session)
    service = env["services"][cls]
    allowed = permission is None or (session is not None and permission in _granted(session))
    if allowed:
        try:
            call(service, env)
        except PermissionDeniedError:  # pragma: no cover - the failure we look for
            pytest.fail(f"{role} was refused {cls.__name__}.{name}")
        except DeskError:
            pass  # refused for its arguments, not for the role
    else:
        before = snapshot(env)
        with pytest.raises(PermissionDeniedError):
            call(service, env)
        assert snapshot(env) == before, "a refused call changed something"


def _granted(session):
    from desk_app.domain.staff import ROLE_PERMISSIONS

    return ROLE_PERMISSIONS[session.role]
