--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: tegenspraak_refuse_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tegenspraak_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION '% is immutable (append-only): % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: accesslogentry; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accesslogentry (
    id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    user_id integer,
    user_name character varying(200) NOT NULL,
    roles character varying(200) NOT NULL,
    channel character varying(16) NOT NULL,
    object_type character varying(16) NOT NULL,
    object_id integer,
    request_id integer,
    family_id integer,
    purpose character varying(32) NOT NULL,
    route character varying(300) NOT NULL,
    outcome character varying(8) NOT NULL,
    reason character varying(64) NOT NULL,
    client character varying(64) NOT NULL
);


--
-- Name: accesslogentry_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.accesslogentry_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: accesslogentry_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.accesslogentry_id_seq OWNED BY public.accesslogentry.id;


--
-- Name: assessment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.assessment (
    id integer NOT NULL,
    request_id integer NOT NULL,
    revision_id integer NOT NULL,
    reviewer_id integer NOT NULL,
    criterion character varying(64) NOT NULL,
    outcome character varying(16) NOT NULL,
    reasoning character varying NOT NULL,
    recorded_at timestamp with time zone NOT NULL
);


--
-- Name: assessment_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.assessment_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: assessment_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.assessment_id_seq OWNED BY public.assessment.id;


--
-- Name: auditevent; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auditevent (
    id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    actor_id integer,
    actor character varying(200) NOT NULL,
    action character varying(64) NOT NULL,
    request_id integer,
    revision_id integer,
    revision_number integer,
    details json NOT NULL,
    prev_hash character varying(64) NOT NULL,
    hash character varying(64) NOT NULL
);


--
-- Name: auditevent_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auditevent_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auditevent_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auditevent_id_seq OWNED BY public.auditevent.id;


--
-- Name: case; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public."case" (
    family_id integer NOT NULL,
    region_id integer NOT NULL,
    title character varying(200) NOT NULL,
    id integer NOT NULL,
    owner_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: case_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.case_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: case_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.case_id_seq OWNED BY public."case".id;


--
-- Name: caseteammember; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.caseteammember (
    id integer NOT NULL,
    case_id integer NOT NULL,
    user_id integer NOT NULL,
    role character varying(100) NOT NULL
);


--
-- Name: caseteammember_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.caseteammember_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: caseteammember_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.caseteammember_id_seq OWNED BY public.caseteammember.id;


--
-- Name: childvoice; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.childvoice (
    id integer NOT NULL,
    request_id integer NOT NULL,
    person_id integer NOT NULL,
    heard boolean NOT NULL,
    method character varying NOT NULL,
    obtained_by character varying NOT NULL,
    obtained_at timestamp with time zone,
    child_words character varying NOT NULL,
    professional_summary character varying NOT NULL,
    not_heard_reason character varying NOT NULL,
    explanation character varying NOT NULL,
    recorded_by integer NOT NULL,
    recorded_at timestamp with time zone NOT NULL
);


--
-- Name: childvoice_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.childvoice_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: childvoice_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.childvoice_id_seq OWNED BY public.childvoice.id;


--
-- Name: courtdocument; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.courtdocument (
    id integer NOT NULL,
    request_id integer NOT NULL,
    revision_id integer NOT NULL,
    revision_hash character varying(64) NOT NULL,
    kind character varying(32) NOT NULL,
    path character varying NOT NULL,
    sha256 character varying(64) NOT NULL,
    size integer NOT NULL,
    verification_code character varying(32) NOT NULL,
    rendered_at timestamp with time zone NOT NULL,
    rendered_by integer,
    pdf_path character varying NOT NULL,
    pdf_sha256 character varying(64) NOT NULL
);


--
-- Name: courtdocument_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.courtdocument_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: courtdocument_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.courtdocument_id_seq OWNED BY public.courtdocument.id;


--
-- Name: declaredconflict; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.declaredconflict (
    id integer NOT NULL,
    user_id integer NOT NULL,
    person_id integer,
    family_id integer,
    region_id integer,
    organisation character varying NOT NULL,
    reason character varying NOT NULL,
    declared_at timestamp with time zone NOT NULL
);


--
-- Name: declaredconflict_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.declaredconflict_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: declaredconflict_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.declaredconflict_id_seq OWNED BY public.declaredconflict.id;


--
-- Name: escalation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.escalation (
    id integer NOT NULL,
    request_id integer NOT NULL,
    revision_id integer NOT NULL,
    decided_by integer NOT NULL,
    proceed boolean NOT NULL,
    reasons character varying NOT NULL,
    decided_at timestamp with time zone NOT NULL
);


--
-- Name: escalation_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.escalation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: escalation_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.escalation_id_seq OWNED BY public.escalation.id;


--
-- Name: event; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.event (
    id integer NOT NULL,
    kind character varying(64) NOT NULL,
    request_id integer,
    created_at timestamp with time zone NOT NULL,
    processed_at timestamp with time zone,
    attempts integer NOT NULL,
    outcome character varying NOT NULL
);


--
-- Name: event_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: event_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.event_id_seq OWNED BY public.event.id;


--
-- Name: family; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.family (
    name character varying(200) NOT NULL,
    language character varying(20) NOT NULL,
    id integer NOT NULL,
    region_id integer
);


--
-- Name: family_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.family_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: family_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.family_id_seq OWNED BY public.family.id;


--
-- Name: followuphearing; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.followuphearing (
    id integer NOT NULL,
    request_id integer NOT NULL,
    party_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    deadline timestamp with time zone NOT NULL,
    done_at timestamp with time zone,
    overdue_at timestamp with time zone
);


--
-- Name: followuphearing_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.followuphearing_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: followuphearing_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.followuphearing_id_seq OWNED BY public.followuphearing.id;


--
-- Name: hearingparty; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.hearingparty (
    id integer NOT NULL,
    request_id integer NOT NULL,
    person_id integer NOT NULL,
    kind character varying(20) NOT NULL,
    required boolean NOT NULL,
    invited_at timestamp with time zone,
    invited_revision_id integer,
    channel character varying NOT NULL,
    proof character varying NOT NULL,
    deadline timestamp with time zone,
    responded_at timestamp with time zone,
    response_channel character varying NOT NULL,
    "position" character varying NOT NULL,
    response_text character varying NOT NULL,
    responded_by character varying NOT NULL,
    lapsed_at timestamp with time zone,
    added_by_indiener boolean NOT NULL,
    capable boolean,
    capability_note character varying NOT NULL,
    capability_assessed_by character varying NOT NULL,
    capability_assessed_at timestamp with time zone
);


--
-- Name: hearingparty_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.hearingparty_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: hearingparty_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.hearingparty_id_seq OWNED BY public.hearingparty.id;


--
-- Name: mailmessage; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mailmessage (
    id integer NOT NULL,
    request_id integer,
    party_id integer,
    user_id integer,
    kind character varying(32) NOT NULL,
    dedupe_key character varying(200) NOT NULL,
    to_address character varying(320) NOT NULL,
    subject character varying NOT NULL,
    body character varying NOT NULL,
    created_at timestamp with time zone NOT NULL,
    status character varying(16) NOT NULL,
    attempts integer NOT NULL,
    last_error character varying NOT NULL,
    next_attempt_at timestamp with time zone,
    attempt_started_at timestamp with time zone,
    sent_at timestamp with time zone,
    message_id character varying NOT NULL,
    response_days integer
);


--
-- Name: mailmessage_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.mailmessage_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: mailmessage_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.mailmessage_id_seq OWNED BY public.mailmessage.id;


--
-- Name: panelseat; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.panelseat (
    id integer NOT NULL,
    request_id integer NOT NULL,
    role character varying(32) NOT NULL,
    seat_no integer NOT NULL,
    user_id integer NOT NULL,
    assigned_at timestamp with time zone NOT NULL,
    draw_seed character varying(64) NOT NULL,
    released_at timestamp with time zone,
    release_kind character varying(16) NOT NULL,
    release_reason character varying NOT NULL,
    score double precision NOT NULL,
    score_details json NOT NULL
);


--
-- Name: panelseat_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.panelseat_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: panelseat_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.panelseat_id_seq OWNED BY public.panelseat.id;


--
-- Name: person; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.person (
    kind character varying(10) NOT NULL,
    given_names character varying(200) NOT NULL,
    prefix character varying(30) NOT NULL,
    surname character varying(200) NOT NULL,
    date_of_birth date,
    residence character varying(200) NOT NULL,
    address character varying(200) NOT NULL,
    postal_code character varying(10) NOT NULL,
    relation character varying(100) NOT NULL,
    has_gezag boolean NOT NULL,
    email character varying(320) NOT NULL,
    lawyer character varying(200) NOT NULL,
    id integer NOT NULL,
    family_id integer NOT NULL
);


--
-- Name: person_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.person_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: person_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.person_id_seq OWNED BY public.person.id;


--
-- Name: poolversion; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.poolversion (
    id integer NOT NULL,
    version integer NOT NULL
);


--
-- Name: portallink; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.portallink (
    id integer NOT NULL,
    party_id integer NOT NULL,
    request_id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    single_use boolean NOT NULL,
    used_at timestamp with time zone,
    revoked_at timestamp with time zone
);


--
-- Name: portallink_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.portallink_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: portallink_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.portallink_id_seq OWNED BY public.portallink.id;


--
-- Name: region; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.region (
    code character varying(64) NOT NULL,
    name character varying(200) NOT NULL,
    court character varying(200) NOT NULL,
    court_location character varying(100) NOT NULL,
    legal_name character varying(200) NOT NULL,
    address character varying(200) NOT NULL,
    postal_code character varying(10) NOT NULL,
    place character varying(100) NOT NULL,
    phone character varying(30) NOT NULL,
    email character varying(320) NOT NULL,
    complaints character varying(500) NOT NULL,
    id integer NOT NULL,
    capacities json NOT NULL,
    too_close json NOT NULL,
    team_contacts json NOT NULL
);


--
-- Name: region_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.region_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: region_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.region_id_seq OWNED BY public.region.id;


--
-- Name: reinvitewaiver; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reinvitewaiver (
    id integer NOT NULL,
    request_id integer NOT NULL,
    party_id integer NOT NULL,
    revision_id integer NOT NULL,
    reasons character varying NOT NULL,
    recorded_by integer NOT NULL,
    recorded_at timestamp with time zone NOT NULL
);


--
-- Name: reinvitewaiver_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.reinvitewaiver_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: reinvitewaiver_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.reinvitewaiver_id_seq OWNED BY public.reinvitewaiver.id;


--
-- Name: request; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.request (
    id integer NOT NULL,
    case_id integer NOT NULL,
    requester_id integer NOT NULL,
    measure character varying(64) NOT NULL,
    state character varying(32) NOT NULL,
    spoed boolean NOT NULL,
    catalogue_version character varying(32),
    current_revision_id integer,
    approved_revision_id integer,
    returned_revision_id integer,
    minor_change_revision_id integer,
    flagged character varying NOT NULL,
    closing_reason character varying NOT NULL,
    urgency_accepted_at timestamp with time zone,
    urgency_accepted_by integer,
    urgency_reasons character varying NOT NULL,
    urgency_relies_on json NOT NULL,
    created_at timestamp with time zone NOT NULL,
    state_changed_at timestamp with time zone NOT NULL
);


--
-- Name: request_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.request_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: request_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.request_id_seq OWNED BY public.request.id;


--
-- Name: requestrevision; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.requestrevision (
    id integer NOT NULL,
    request_id integer NOT NULL,
    number integer NOT NULL,
    content json NOT NULL,
    content_hash character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by integer NOT NULL,
    note character varying NOT NULL
);


--
-- Name: requestrevision_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.requestrevision_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: requestrevision_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.requestrevision_id_seq OWNED BY public.requestrevision.id;


--
-- Name: signoff; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.signoff (
    id integer NOT NULL,
    request_id integer NOT NULL,
    revision_id integer NOT NULL,
    revision_hash character varying(64) NOT NULL,
    user_id integer NOT NULL,
    role character varying(32) NOT NULL,
    declaration character varying NOT NULL,
    signed_at timestamp with time zone NOT NULL
);


--
-- Name: signoff_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.signoff_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: signoff_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.signoff_id_seq OWNED BY public.signoff.id;


--
-- Name: unavailability; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.unavailability (
    id integer NOT NULL,
    user_id integer NOT NULL,
    start date NOT NULL,
    "end" date NOT NULL,
    reason character varying NOT NULL
);


--
-- Name: unavailability_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.unavailability_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: unavailability_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.unavailability_id_seq OWNED BY public.unavailability.id;


--
-- Name: user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public."user" (
    name character varying(200) NOT NULL,
    email character varying(320) NOT NULL,
    region_id integer NOT NULL,
    team character varying(100) NOT NULL,
    function character varying(200) NOT NULL,
    capacity integer NOT NULL,
    active boolean NOT NULL,
    id integer NOT NULL,
    roles json NOT NULL,
    expertise json NOT NULL,
    languages json NOT NULL,
    token_hash character varying(64)
);


--
-- Name: user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: user_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.user_id_seq OWNED BY public."user".id;


--
-- Name: verdict; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.verdict (
    id integer NOT NULL,
    request_id integer NOT NULL,
    revision_id integer NOT NULL,
    seat_id integer NOT NULL,
    reviewer_id integer NOT NULL,
    decision character varying(32) NOT NULL,
    reasons character varying NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    override boolean NOT NULL,
    override_reasons character varying NOT NULL,
    overridden_criteria json NOT NULL
);


--
-- Name: verdict_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.verdict_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: verdict_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.verdict_id_seq OWNED BY public.verdict.id;


--
-- Name: warningacceptance; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.warningacceptance (
    id integer NOT NULL,
    request_id integer NOT NULL,
    revision_id integer NOT NULL,
    code character varying(64) NOT NULL,
    field character varying(200) NOT NULL,
    message character varying NOT NULL,
    accepted_by integer NOT NULL,
    reasons character varying NOT NULL,
    accepted_at timestamp with time zone NOT NULL
);


--
-- Name: warningacceptance_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.warningacceptance_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: warningacceptance_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.warningacceptance_id_seq OWNED BY public.warningacceptance.id;


--
-- Name: workspacesession; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.workspacesession (
    id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    user_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone
);


--
-- Name: workspacesession_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.workspacesession_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: workspacesession_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.workspacesession_id_seq OWNED BY public.workspacesession.id;


--
-- Name: accesslogentry id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accesslogentry ALTER COLUMN id SET DEFAULT nextval('public.accesslogentry_id_seq'::regclass);


--
-- Name: assessment id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessment ALTER COLUMN id SET DEFAULT nextval('public.assessment_id_seq'::regclass);


--
-- Name: auditevent id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditevent ALTER COLUMN id SET DEFAULT nextval('public.auditevent_id_seq'::regclass);


--
-- Name: case id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."case" ALTER COLUMN id SET DEFAULT nextval('public.case_id_seq'::regclass);


--
-- Name: caseteammember id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.caseteammember ALTER COLUMN id SET DEFAULT nextval('public.caseteammember_id_seq'::regclass);


--
-- Name: childvoice id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.childvoice ALTER COLUMN id SET DEFAULT nextval('public.childvoice_id_seq'::regclass);


--
-- Name: courtdocument id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.courtdocument ALTER COLUMN id SET DEFAULT nextval('public.courtdocument_id_seq'::regclass);


--
-- Name: declaredconflict id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.declaredconflict ALTER COLUMN id SET DEFAULT nextval('public.declaredconflict_id_seq'::regclass);


--
-- Name: escalation id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.escalation ALTER COLUMN id SET DEFAULT nextval('public.escalation_id_seq'::regclass);


--
-- Name: event id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event ALTER COLUMN id SET DEFAULT nextval('public.event_id_seq'::regclass);


--
-- Name: family id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.family ALTER COLUMN id SET DEFAULT nextval('public.family_id_seq'::regclass);


--
-- Name: followuphearing id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.followuphearing ALTER COLUMN id SET DEFAULT nextval('public.followuphearing_id_seq'::regclass);


--
-- Name: hearingparty id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hearingparty ALTER COLUMN id SET DEFAULT nextval('public.hearingparty_id_seq'::regclass);


--
-- Name: mailmessage id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mailmessage ALTER COLUMN id SET DEFAULT nextval('public.mailmessage_id_seq'::regclass);


--
-- Name: panelseat id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.panelseat ALTER COLUMN id SET DEFAULT nextval('public.panelseat_id_seq'::regclass);


--
-- Name: person id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person ALTER COLUMN id SET DEFAULT nextval('public.person_id_seq'::regclass);


--
-- Name: portallink id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.portallink ALTER COLUMN id SET DEFAULT nextval('public.portallink_id_seq'::regclass);


--
-- Name: region id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region ALTER COLUMN id SET DEFAULT nextval('public.region_id_seq'::regclass);


--
-- Name: reinvitewaiver id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reinvitewaiver ALTER COLUMN id SET DEFAULT nextval('public.reinvitewaiver_id_seq'::regclass);


--
-- Name: request id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request ALTER COLUMN id SET DEFAULT nextval('public.request_id_seq'::regclass);


--
-- Name: requestrevision id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requestrevision ALTER COLUMN id SET DEFAULT nextval('public.requestrevision_id_seq'::regclass);


--
-- Name: signoff id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.signoff ALTER COLUMN id SET DEFAULT nextval('public.signoff_id_seq'::regclass);


--
-- Name: unavailability id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.unavailability ALTER COLUMN id SET DEFAULT nextval('public.unavailability_id_seq'::regclass);


--
-- Name: user id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."user" ALTER COLUMN id SET DEFAULT nextval('public.user_id_seq'::regclass);


--
-- Name: verdict id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.verdict ALTER COLUMN id SET DEFAULT nextval('public.verdict_id_seq'::regclass);


--
-- Name: warningacceptance id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.warningacceptance ALTER COLUMN id SET DEFAULT nextval('public.warningacceptance_id_seq'::regclass);


--
-- Name: workspacesession id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.workspacesession ALTER COLUMN id SET DEFAULT nextval('public.workspacesession_id_seq'::regclass);


--
-- Data for Name: accesslogentry; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: assessment; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: auditevent; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.auditevent VALUES (1, '2026-11-02 09:00:00+00', 1, 'Fatima el Amrani', 'case.created', NULL, NULL, NULL, '{"case_id": 1, "family_id": 1}', '0000000000000000000000000000000000000000000000000000000000000000', '8b922a7508e2d23affa8e2be92e242418d66b58ebf2e555a7f8d447650b9e487');
INSERT INTO public.auditevent VALUES (2, '2026-11-02 09:00:00+00', 1, 'Fatima el Amrani', 'request.created', 1, 1, 1, '{"measure": "ots", "spoed": false}', '8b922a7508e2d23affa8e2be92e242418d66b58ebf2e555a7f8d447650b9e487', '3f684ff1106ea9d8959548175d61b2b3b62db4c129b0bdc8d124005193d8356f');


--
-- Data for Name: case; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public."case" VALUES (1, 1, 'Noah', 1, 1, '2026-11-02 09:00:00+00');


--
-- Data for Name: caseteammember; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.caseteammember VALUES (1, 1, 2, 'zaakteam');


--
-- Data for Name: childvoice; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: courtdocument; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: declaredconflict; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: escalation; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: event; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: family; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.family VALUES ('Gezin Jansen', 'nl', 1, 1);


--
-- Data for Name: followuphearing; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: hearingparty; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.hearingparty VALUES (1, 1, 1, 'parent_gezag', true, NULL, NULL, '', '', NULL, NULL, '', '', '', '', NULL, false, NULL, '', '', NULL);
INSERT INTO public.hearingparty VALUES (2, 1, 2, 'parent_gezag', true, NULL, NULL, '', '', NULL, NULL, '', '', '', '', NULL, false, NULL, '', '', NULL);
INSERT INTO public.hearingparty VALUES (3, 1, 3, 'child', true, NULL, NULL, '', '', NULL, NULL, '', '', '', '', NULL, false, NULL, '', '', NULL);


--
-- Data for Name: mailmessage; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.mailmessage VALUES (1, 1, NULL, 2, 'seat_assigned', 'fixture-seat-1', 'collega@example.org', 'U bent ingedeeld', 'Zie {portal_link} voor {deadline}.', '2026-11-02 09:00:00+00', 'pending', 0, '', NULL, NULL, NULL, '', NULL);


--
-- Data for Name: panelseat; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: person; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.person VALUES ('parent', 'Sanne', '', 'Jansen', NULL, 'Utrecht', 'Kanaalweg 12 bis', '3526 KL', 'moeder', true, 'sanne.jansen@example.nl', 'mr. E. de Wit', 1, 1);
INSERT INTO public.person VALUES ('parent', 'Youssef', 'el', 'Amrani', NULL, 'Nieuwegein', 'Zuidstedeweg 4', '3431 HA', 'vader', true, 'y.elamrani@example.nl', '', 2, 1);
INSERT INTO public.person VALUES ('child', 'Noah', '', 'Jansen', '2013-03-14', 'Utrecht', 'Kanaalweg 12 bis', '3526 KL', 'zoon', false, '', '', 3, 1);
INSERT INTO public.person VALUES ('child', 'Lina', '', 'Jansen', '2020-06-02', 'Utrecht', 'Kanaalweg 12 bis', '3526 KL', 'dochter', false, '', '', 4, 1);


--
-- Data for Name: poolversion; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: portallink; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: region; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.region VALUES ('utrecht', 'RVT Utrecht', 'Rechtbank Midden-Nederland', 'Utrecht', 'Regionaal Veiligheidsteam Utrecht', 'Postbus 1450', '3500 BL', 'Utrecht', '030 123 45 00', 'info@utrecht.rvt.example', 'Klachtencommissie RVT Utrecht, Postbus 1450, 3500 BL Utrecht, klachten@utrecht.rvt.example', 1, '["raad", "gi"]', '[]', '{"Team Noord": {"phone": "030 123 45 10", "email": "teamnoord@utrecht.rvt.example"}}');
INSERT INTO public.region VALUES ('gelderland-zuid', 'RVT Gelderland-Zuid', 'Rechtbank Gelderland', 'Arnhem', 'Regionaal Veiligheidsteam Gelderland-Zuid', 'Postbus 300', '6500 AH', 'Nijmegen', '024 300 00 00', 'info@gelderland-zuid.rvt.example', 'Klachtencommissie RVT Gelderland-Zuid, Postbus 300, 6500 AH Nijmegen', 2, '["raad", "gi"]', '[]', '{}');
INSERT INTO public.region VALUES ('rotterdam-rijnmond', 'RVT Rotterdam-Rijnmond', 'Rechtbank Rotterdam', 'Rotterdam', 'Regionaal Veiligheidsteam Rotterdam-Rijnmond', 'Postbus 2100', '3000 CC', 'Rotterdam', '010 210 00 00', 'info@rotterdam-rijnmond.rvt.example', 'Klachtencommissie RVT Rotterdam-Rijnmond, Postbus 2100, 3000 CC Rotterdam', 3, '["raad", "gi"]', '[]', '{}');
INSERT INTO public.region VALUES ('amsterdam-amstelland', 'RVT Amsterdam-Amstelland', 'Rechtbank Amsterdam', 'Amsterdam', 'Regionaal Veiligheidsteam Amsterdam-Amstelland', 'Postbus 12000', '1100 AA', 'Amsterdam', '020 120 00 00', 'info@amsterdam-amstelland.rvt.example', 'Klachtencommissie RVT Amsterdam-Amstelland, Postbus 12000, 1100 AA Amsterdam', 4, '["raad", "gi"]', '[]', '{}');


--
-- Data for Name: reinvitewaiver; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: request; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.request VALUES (1, 1, 1, 'ots', 'draft', false, NULL, 1, NULL, NULL, NULL, '', '', NULL, NULL, '', '[]', '2026-11-02 09:00:00+00', '2026-11-02 09:00:00+00');


--
-- Data for Name: requestrevision; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.requestrevision VALUES (1, 1, 1, '{"measure": "ots", "capacity": "raad", "child_ids": [3], "duration_months": 12, "summary": "Wij vragen de kinderrechter om Noah een jaar onder toezicht te stellen. Noah gaat al maanden niet naar school en thuis is vaak ruzie. Hulp die we samen afspraken, is gestopt.", "concerns": ["Noah (13) verzuimt sinds de zomer vrijwel volledig van school.", "Er zijn herhaalde, heftige conflicten tussen de ouders waar Noah bij is."], "facts": [{"key": "verzuim", "text": "Noah is sinds 1 september 2026 op 38 van de 45 schooldagen afwezig geweest.", "source": "verzuimregistratie Leerplicht Utrecht", "date": "2026-09-23", "confirmed_by": "leerplichtambtenaar J. Peters", "kind": "fact", "held_by": ""}, {"key": "politie", "text": "De politie is drie keer ter plaatse geweest na meldingen van buren over geschreeuw en geweld tussen de ouders; Noah was elke keer thuis.", "source": "politiemutaties", "date": "2026-09-28", "confirmed_by": "wijkagent M. de Boer", "kind": "fact", "held_by": ""}, {"key": "hulp_gestopt", "text": "Het vrijwillige hulptraject van het lokaal team is op 1 oktober 2026 gestopt omdat de ouders afspraken niet nakwamen en de hulpverlener niet meer binnenlieten.", "source": "afsluitbericht lokaal team Utrecht-West", "date": "2026-10-03", "confirmed_by": "casusregisseur lokaal team L. Smits", "kind": "fact", "held_by": ""}, {"key": "ouders_willen", "text": "Beide ouders zeggen dat zij willen dat het beter gaat met Noah en dat zij binnen een jaar weer zelf de zorg kunnen dragen met steun.", "source": "gesprek met de ouders", "date": "2026-10-03", "confirmed_by": "F. el Amrani (RVT)", "kind": "fact", "held_by": ""}, {"key": "inschatting", "text": "Naar het oordeel van de gedragswetenschapper is de ontwikkeling van Noah ernstig bedreigd.", "source": "", "date": null, "confirmed_by": "", "kind": "opinion", "held_by": "dr. A. Visser, gedragswetenschapper RVT Utrecht"}], "grounds": [{"element": "ontwikkelingsbedreiging", "answer": "Ja. Noah mist al maanden onderwijs en groeit op in een gezin met herhaald huiselijk geweld.", "fact_keys": ["verzuim", "politie"]}, {"element": "zorg_niet_geaccepteerd", "answer": "Ja. De ouders hebben het vrijwillige traject van het lokaal team laten stoppen.", "fact_keys": ["hulp_gestopt"]}, {"element": "verwachting_verantwoordelijkheid", "answer": "Ja. Beide ouders zijn betrokken en willen de zorg weer dragen; met begeleiding is dat binnen een jaar haalbaar.", "fact_keys": ["ouders_willen"]}], "alternatives": [{"kind": "vrijwillige_hulp", "description": "Gezinsbegeleiding in het vrijwillig kader.", "tried": "Zes maanden begeleiding door het lokaal team.", "result": "Gestopt na afzeggingen.", "why_insufficient": "De ouders lieten de hulpverlener niet meer binnen; vrijwillige hulp komt niet op gang.", "was_tried": true, "tried_when": "april tot en met september 2026", "why_not_tried": ""}, {"kind": "netwerk", "description": "Steun van de grootouders van moederszijde.", "tried": "Netwerkberaad op 12 september 2026.", "result": "Grootouders helpen met vervoer naar school.", "why_insufficient": "De steun vermindert het verzuim niet en raakt de conflicten thuis niet.", "was_tried": true, "tried_when": "sinds 12 september 2026", "why_not_tried": ""}], "proportionality": "Een ondertoezichtstelling laat Noah thuis wonen en de ouders het gezag houden; een uithuisplaatsing is niet nodig.", "duration_reason": "Een schooljaar is nodig om de schoolgang te herstellen en het traject tegen huiselijk geweld af te ronden.", "effectiveness": "De jeugdbeschermer kan aanwijzingen geven over schoolgang en hulp, zodat de hulp niet opnieuw stopt zodra het moeilijk wordt.", "acceptable_term": "", "goals": ["Noah gaat weer elke schooldag naar school.", "De ouders nemen deel aan een traject tegen huiselijk geweld en er zijn geen politiemeldingen meer."], "attachments": [{"code": "plan_van_aanpak", "title": "Plan van aanpak RVT Utrecht", "reference": "PVA-2026-114"}], "flags": {}, "urgency": "", "urgency_details": null, "problem_tags": ["huiselijk_geweld"], "executing_institution": "Samen Veilig Midden-Nederland, Utrecht"}', '480a992d0b18a9b3e28641c0386495f8ca175122d93bb6294b98b5ac27c86586', '2026-11-02 09:00:00+00', 1, 'eerste concept');


--
-- Data for Name: signoff; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: unavailability; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: user; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public."user" VALUES ('Fatima el Amrani', 'fatima.el.amrani@utrecht.rvt.example', 1, 'Team Noord', 'RVT-professional', 5, true, 1, '["indiener"]', '[]', '["nl"]', 'f9d0fa330bbe0c0d1b11d2469b75f4f48a06ea53a8428255f2bfb19b742d75bf');
INSERT INTO public."user" VALUES ('Pieter de Graaf', 'pieter.de.graaf@utrecht.rvt.example', 1, 'Team Noord', 'RVT-professional', 5, true, 2, '["indiener"]', '[]', '["nl"]', '00854da33f7122b41e721d03b0105f06077b7fb5937c7e49c708bf0a98fa6cf1');
INSERT INTO public."user" VALUES ('Ilse Verbeek', 'ilse.verbeek@utrecht.rvt.example', 1, 'Team Zuid', 'RVT-professional', 5, true, 3, '["tegenspreker"]', '[]', '["nl"]', 'f1ee370255404913ba3abf2b2f3009cf606141e6913afef655647d0165072f66');
INSERT INTO public."user" VALUES ('mr. Koen Smit', 'koen.smit@utrecht.rvt.example', 1, 'Juridische zaken', 'jurist', 5, true, 4, '["jurist"]', '[]', '["nl"]', '07bde5f6728451134d3b2e2877a89d930120b6a859fdaf2889896abc28bdaad6');
INSERT INTO public."user" VALUES ('drs. Anouk Bakker', 'anouk.bakker@utrecht.rvt.example', 1, 'Gedragswetenschap', 'gedragswetenschapper', 5, true, 5, '["gedragswetenschapper"]', '[]', '["nl"]', '05256ff72936b4fbad1731a03b6b8874bdf27f28c4a601408eb79ff18bdf9284');
INSERT INTO public."user" VALUES ('Hanneke Dijkstra', 'hanneke.dijkstra@utrecht.rvt.example', 1, 'Regiomanagement', 'regiomanager', 5, true, 6, '["regiomanager"]', '[]', '["nl"]', '850c8dba74ae1044786f024f18aecfa27e060d8949917d3d0f6d0a21ce8080a3');
INSERT INTO public."user" VALUES ('Sanne Willems', 'sanne.willems@gelderland-zuid.rvt.example', 2, 'Team Nijmegen', 'RVT-professional', 5, true, 7, '["indiener"]', '[]', '["nl"]', '3070ee861741a1ce89195effb2da57fef7bfd30a0c8d029720a6d58f31fcf566');
INSERT INTO public."user" VALUES ('Joris Hendriks', 'joris.hendriks@gelderland-zuid.rvt.example', 2, 'Team Arnhem', 'RVT-professional', 5, true, 8, '["tegenspreker"]', '["huiselijk_geweld", "jongeren"]', '["nl"]', 'd3053142e1fd5b016f3a8cb9332af472f2f3f3741b4a5acdd1a3ff1aaa711e2f');
INSERT INTO public."user" VALUES ('mr. Ayşe Kaya', 'ayse.kaya@gelderland-zuid.rvt.example', 2, 'Juridische zaken', 'jurist', 5, true, 9, '["jurist"]', '[]', '["nl"]', '371f4c16c51a819955392c19ce517642bb3a52b92f6a2f26fe797b30e881fcb6');
INSERT INTO public."user" VALUES ('dr. Ruud van Dijk', 'ruud.van.dijk@gelderland-zuid.rvt.example', 2, 'Gedragswetenschap', 'gedragswetenschapper', 5, true, 10, '["gedragswetenschapper"]', '["jongeren", "lvb"]', '["nl"]', '70b39c5b7df4ddffbafaf9237d02f92c734c71b8a2e6f0b937005d42f2c6a543');
INSERT INTO public."user" VALUES ('Mohamed Bouzid', 'mohamed.bouzid@rotterdam-rijnmond.rvt.example', 3, 'Team Zuid', 'RVT-professional', 5, true, 11, '["indiener"]', '[]', '["nl"]', '0ed93c5459a26c6de56718057be39d909946007e41425f949158cf61efa1f6df');
INSERT INTO public."user" VALUES ('Eva Visser', 'eva.visser@rotterdam-rijnmond.rvt.example', 3, 'Team Centrum', 'RVT-professional', 5, true, 12, '["tegenspreker"]', '["eergerelateerd_geweld"]', '["nl", "ar", "tr"]', '5df37f560b5585594f2d6f76839d9d3eafeb15e1fe2a7ef5cd4ea393e51d380e');
INSERT INTO public."user" VALUES ('Daan Mulder', 'daan.mulder@rotterdam-rijnmond.rvt.example', 3, 'Team Noord', 'RVT-professional', 5, true, 13, '["tegenspreker"]', '["jonge_kinderen", "lvb"]', '["nl"]', '2aef170f530d87babea5a45e2c6d8b36511bb286dbe2d96a54a7e9c2ceb0367c');
INSERT INTO public."user" VALUES ('mr. Lotte Jacobs', 'lotte.jacobs@rotterdam-rijnmond.rvt.example', 3, 'Juridische zaken', 'jurist', 5, true, 14, '["jurist"]', '[]', '["nl"]', '7707559d8fc7457510fbcc8f2bad69ce40ba392981f2ed16d52f516e153f0ff5');
INSERT INTO public."user" VALUES ('drs. Bram Peeters', 'bram.peeters@rotterdam-rijnmond.rvt.example', 3, 'Gedragswetenschap', 'gedragswetenschapper', 5, true, 15, '["gedragswetenschapper"]', '["huiselijk_geweld"]', '["nl"]', '17d32d4c518946ed65b8bf1b08c8e997cf5ab8ae712e6a866ede1f397da04a43');
INSERT INTO public."user" VALUES ('Noor Dekker', 'noor.dekker@amsterdam-amstelland.rvt.example', 4, 'Team West', 'RVT-professional', 5, true, 16, '["tegenspreker"]', '["jongeren", "ggz_ouders"]', '["nl", "en"]', '08762becf5af0946b6409ddcef29371106f4b43ea397d787b8380efc2eccf601');
INSERT INTO public."user" VALUES ('mr. Thijs Bos', 'thijs.bos@amsterdam-amstelland.rvt.example', 4, 'Juridische zaken', 'jurist', 5, true, 17, '["jurist"]', '[]', '["nl"]', '7fec48d71cea58a4a869b073db32e965cc450ae8a07902872a6a474c4e011314');
INSERT INTO public."user" VALUES ('dr. Meryem Yıldız', 'meryem.yildiz@amsterdam-amstelland.rvt.example', 4, 'Gedragswetenschap', 'gedragswetenschapper', 5, true, 18, '["gedragswetenschapper"]', '["jonge_kinderen", "gesloten_jeugdhulp"]', '["nl", "tr"]', '5462d5d1c54189bcd2e56d60c0df903d859803039d286a1a660d9c5a2ce47431');
INSERT INTO public."user" VALUES ('Karin Vos', 'karin.vos@amsterdam-amstelland.rvt.example', 4, 'Landelijk beheer', 'beheerder', 5, true, 19, '["beheerder"]', '[]', '["nl"]', 'd2017c99b07e53e79bdeb5066b62f57d04c6144c5c8802c7e1ba2fc62c50853e');


--
-- Data for Name: verdict; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: warningacceptance; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: workspacesession; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: accesslogentry_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.accesslogentry_id_seq', 1, false);


--
-- Name: assessment_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.assessment_id_seq', 1, false);


--
-- Name: auditevent_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auditevent_id_seq', 1, false);


--
-- Name: case_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.case_id_seq', 1, true);


--
-- Name: caseteammember_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.caseteammember_id_seq', 1, true);


--
-- Name: childvoice_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.childvoice_id_seq', 1, false);


--
-- Name: courtdocument_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.courtdocument_id_seq', 1, false);


--
-- Name: declaredconflict_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.declaredconflict_id_seq', 1, false);


--
-- Name: escalation_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.escalation_id_seq', 1, false);


--
-- Name: event_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.event_id_seq', 1, false);


--
-- Name: family_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.family_id_seq', 1, true);


--
-- Name: followuphearing_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.followuphearing_id_seq', 1, false);


--
-- Name: hearingparty_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.hearingparty_id_seq', 3, true);


--
-- Name: mailmessage_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.mailmessage_id_seq', 1, true);


--
-- Name: panelseat_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.panelseat_id_seq', 1, false);


--
-- Name: person_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.person_id_seq', 4, true);


--
-- Name: portallink_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.portallink_id_seq', 1, false);


--
-- Name: region_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.region_id_seq', 4, true);


--
-- Name: reinvitewaiver_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.reinvitewaiver_id_seq', 1, false);


--
-- Name: request_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.request_id_seq', 1, true);


--
-- Name: requestrevision_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.requestrevision_id_seq', 1, true);


--
-- Name: signoff_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.signoff_id_seq', 1, false);


--
-- Name: unavailability_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.unavailability_id_seq', 1, false);


--
-- Name: user_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.user_id_seq', 19, true);


--
-- Name: verdict_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.verdict_id_seq', 1, false);


--
-- Name: warningacceptance_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.warningacceptance_id_seq', 1, false);


--
-- Name: workspacesession_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.workspacesession_id_seq', 1, false);


--
-- Name: accesslogentry accesslogentry_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accesslogentry
    ADD CONSTRAINT accesslogentry_pkey PRIMARY KEY (id);


--
-- Name: assessment assessment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessment
    ADD CONSTRAINT assessment_pkey PRIMARY KEY (id);


--
-- Name: auditevent auditevent_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditevent
    ADD CONSTRAINT auditevent_pkey PRIMARY KEY (id);


--
-- Name: case case_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."case"
    ADD CONSTRAINT case_pkey PRIMARY KEY (id);


--
-- Name: caseteammember caseteammember_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.caseteammember
    ADD CONSTRAINT caseteammember_pkey PRIMARY KEY (id);


--
-- Name: childvoice childvoice_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.childvoice
    ADD CONSTRAINT childvoice_pkey PRIMARY KEY (id);


--
-- Name: courtdocument courtdocument_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.courtdocument
    ADD CONSTRAINT courtdocument_pkey PRIMARY KEY (id);


--
-- Name: courtdocument courtdocument_revision_id_kind_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.courtdocument
    ADD CONSTRAINT courtdocument_revision_id_kind_key UNIQUE (revision_id, kind);


--
-- Name: declaredconflict declaredconflict_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.declaredconflict
    ADD CONSTRAINT declaredconflict_pkey PRIMARY KEY (id);


--
-- Name: escalation escalation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.escalation
    ADD CONSTRAINT escalation_pkey PRIMARY KEY (id);


--
-- Name: event event_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_pkey PRIMARY KEY (id);


--
-- Name: family family_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.family
    ADD CONSTRAINT family_pkey PRIMARY KEY (id);


--
-- Name: followuphearing followuphearing_party_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.followuphearing
    ADD CONSTRAINT followuphearing_party_id_key UNIQUE (party_id);


--
-- Name: followuphearing followuphearing_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.followuphearing
    ADD CONSTRAINT followuphearing_pkey PRIMARY KEY (id);


--
-- Name: hearingparty hearingparty_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hearingparty
    ADD CONSTRAINT hearingparty_pkey PRIMARY KEY (id);


--
-- Name: mailmessage mailmessage_dedupe_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mailmessage
    ADD CONSTRAINT mailmessage_dedupe_key_key UNIQUE (dedupe_key);


--
-- Name: mailmessage mailmessage_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mailmessage
    ADD CONSTRAINT mailmessage_pkey PRIMARY KEY (id);


--
-- Name: panelseat panelseat_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.panelseat
    ADD CONSTRAINT panelseat_pkey PRIMARY KEY (id);


--
-- Name: person person_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person
    ADD CONSTRAINT person_pkey PRIMARY KEY (id);


--
-- Name: poolversion poolversion_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.poolversion
    ADD CONSTRAINT poolversion_pkey PRIMARY KEY (id);


--
-- Name: portallink portallink_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.portallink
    ADD CONSTRAINT portallink_pkey PRIMARY KEY (id);


--
-- Name: region region_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region
    ADD CONSTRAINT region_pkey PRIMARY KEY (id);


--
-- Name: reinvitewaiver reinvitewaiver_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reinvitewaiver
    ADD CONSTRAINT reinvitewaiver_pkey PRIMARY KEY (id);


--
-- Name: request request_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request
    ADD CONSTRAINT request_pkey PRIMARY KEY (id);


--
-- Name: requestrevision requestrevision_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requestrevision
    ADD CONSTRAINT requestrevision_pkey PRIMARY KEY (id);


--
-- Name: requestrevision requestrevision_request_id_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requestrevision
    ADD CONSTRAINT requestrevision_request_id_number_key UNIQUE (request_id, number);


--
-- Name: signoff signoff_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.signoff
    ADD CONSTRAINT signoff_pkey PRIMARY KEY (id);


--
-- Name: unavailability unavailability_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.unavailability
    ADD CONSTRAINT unavailability_pkey PRIMARY KEY (id);


--
-- Name: user user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_pkey PRIMARY KEY (id);


--
-- Name: verdict verdict_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.verdict
    ADD CONSTRAINT verdict_pkey PRIMARY KEY (id);


--
-- Name: warningacceptance warningacceptance_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.warningacceptance
    ADD CONSTRAINT warningacceptance_pkey PRIMARY KEY (id);


--
-- Name: workspacesession workspacesession_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.workspacesession
    ADD CONSTRAINT workspacesession_pkey PRIMARY KEY (id);


--
-- Name: ix_accesslogentry_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_accesslogentry_at ON public.accesslogentry USING btree (at);


--
-- Name: ix_accesslogentry_family_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_accesslogentry_family_id ON public.accesslogentry USING btree (family_id);


--
-- Name: ix_accesslogentry_object_type; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_accesslogentry_object_type ON public.accesslogentry USING btree (object_type);


--
-- Name: ix_accesslogentry_outcome; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_accesslogentry_outcome ON public.accesslogentry USING btree (outcome);


--
-- Name: ix_accesslogentry_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_accesslogentry_request_id ON public.accesslogentry USING btree (request_id);


--
-- Name: ix_accesslogentry_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_accesslogentry_user_id ON public.accesslogentry USING btree (user_id);


--
-- Name: ix_assessment_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_assessment_request_id ON public.assessment USING btree (request_id);


--
-- Name: ix_assessment_revision_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_assessment_revision_id ON public.assessment USING btree (revision_id);


--
-- Name: ix_auditevent_action; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_auditevent_action ON public.auditevent USING btree (action);


--
-- Name: ix_auditevent_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_auditevent_at ON public.auditevent USING btree (at);


--
-- Name: ix_auditevent_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_auditevent_request_id ON public.auditevent USING btree (request_id);


--
-- Name: ix_case_family_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_family_id ON public."case" USING btree (family_id);


--
-- Name: ix_case_owner_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_owner_id ON public."case" USING btree (owner_id);


--
-- Name: ix_case_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_region_id ON public."case" USING btree (region_id);


--
-- Name: ix_caseteammember_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_caseteammember_case_id ON public.caseteammember USING btree (case_id);


--
-- Name: ix_caseteammember_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_caseteammember_user_id ON public.caseteammember USING btree (user_id);


--
-- Name: ix_childvoice_person_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_childvoice_person_id ON public.childvoice USING btree (person_id);


--
-- Name: ix_childvoice_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_childvoice_request_id ON public.childvoice USING btree (request_id);


--
-- Name: ix_courtdocument_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_courtdocument_request_id ON public.courtdocument USING btree (request_id);


--
-- Name: ix_courtdocument_verification_code; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_courtdocument_verification_code ON public.courtdocument USING btree (verification_code);


--
-- Name: ix_declaredconflict_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_declaredconflict_user_id ON public.declaredconflict USING btree (user_id);


--
-- Name: ix_escalation_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_escalation_request_id ON public.escalation USING btree (request_id);


--
-- Name: ix_event_kind; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_event_kind ON public.event USING btree (kind);


--
-- Name: ix_event_processed_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_event_processed_at ON public.event USING btree (processed_at);


--
-- Name: ix_event_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_event_request_id ON public.event USING btree (request_id);


--
-- Name: ix_family_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_family_region_id ON public.family USING btree (region_id);


--
-- Name: ix_followuphearing_deadline; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_followuphearing_deadline ON public.followuphearing USING btree (deadline);


--
-- Name: ix_followuphearing_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_followuphearing_request_id ON public.followuphearing USING btree (request_id);


--
-- Name: ix_hearingparty_deadline; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_hearingparty_deadline ON public.hearingparty USING btree (deadline);


--
-- Name: ix_hearingparty_person_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_hearingparty_person_id ON public.hearingparty USING btree (person_id);


--
-- Name: ix_hearingparty_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_hearingparty_request_id ON public.hearingparty USING btree (request_id);


--
-- Name: ix_mailmessage_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_mailmessage_request_id ON public.mailmessage USING btree (request_id);


--
-- Name: ix_mailmessage_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_mailmessage_status ON public.mailmessage USING btree (status);


--
-- Name: ix_mailmessage_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_mailmessage_user_id ON public.mailmessage USING btree (user_id);


--
-- Name: ix_panelseat_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_panelseat_request_id ON public.panelseat USING btree (request_id);


--
-- Name: ix_panelseat_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_panelseat_user_id ON public.panelseat USING btree (user_id);


--
-- Name: ix_person_family_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_person_family_id ON public.person USING btree (family_id);


--
-- Name: ix_portallink_party_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_portallink_party_id ON public.portallink USING btree (party_id);


--
-- Name: ix_portallink_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_portallink_request_id ON public.portallink USING btree (request_id);


--
-- Name: ix_portallink_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_portallink_token_hash ON public.portallink USING btree (token_hash);


--
-- Name: ix_region_code; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_region_code ON public.region USING btree (code);


--
-- Name: ix_reinvitewaiver_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_reinvitewaiver_request_id ON public.reinvitewaiver USING btree (request_id);


--
-- Name: ix_request_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_request_case_id ON public.request USING btree (case_id);


--
-- Name: ix_request_measure; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_request_measure ON public.request USING btree (measure);


--
-- Name: ix_request_requester_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_request_requester_id ON public.request USING btree (requester_id);


--
-- Name: ix_request_state; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_request_state ON public.request USING btree (state);


--
-- Name: ix_requestrevision_content_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_requestrevision_content_hash ON public.requestrevision USING btree (content_hash);


--
-- Name: ix_requestrevision_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_requestrevision_request_id ON public.requestrevision USING btree (request_id);


--
-- Name: ix_signoff_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_signoff_request_id ON public.signoff USING btree (request_id);


--
-- Name: ix_unavailability_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_unavailability_user_id ON public.unavailability USING btree (user_id);


--
-- Name: ix_user_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_user_region_id ON public."user" USING btree (region_id);


--
-- Name: ix_user_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_user_token_hash ON public."user" USING btree (token_hash);


--
-- Name: ix_verdict_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_verdict_request_id ON public.verdict USING btree (request_id);


--
-- Name: ix_verdict_revision_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_verdict_revision_id ON public.verdict USING btree (revision_id);


--
-- Name: ix_warningacceptance_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_warningacceptance_request_id ON public.warningacceptance USING btree (request_id);


--
-- Name: ix_warningacceptance_revision_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_warningacceptance_revision_id ON public.warningacceptance USING btree (revision_id);


--
-- Name: ix_workspacesession_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_workspacesession_token_hash ON public.workspacesession USING btree (token_hash);


--
-- Name: ix_workspacesession_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_workspacesession_user_id ON public.workspacesession USING btree (user_id);


--
-- Name: auditevent auditevent_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER auditevent_immutable BEFORE DELETE OR UPDATE ON public.auditevent FOR EACH ROW EXECUTE FUNCTION public.tegenspraak_refuse_change();


--
-- Name: auditevent auditevent_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER auditevent_no_truncate BEFORE TRUNCATE ON public.auditevent FOR EACH STATEMENT EXECUTE FUNCTION public.tegenspraak_refuse_change();


--
-- Name: requestrevision requestrevision_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER requestrevision_immutable BEFORE DELETE OR UPDATE ON public.requestrevision FOR EACH ROW EXECUTE FUNCTION public.tegenspraak_refuse_change();


--
-- Name: requestrevision requestrevision_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER requestrevision_no_truncate BEFORE TRUNCATE ON public.requestrevision FOR EACH STATEMENT EXECUTE FUNCTION public.tegenspraak_refuse_change();


--
-- Name: assessment assessment_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessment
    ADD CONSTRAINT assessment_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: assessment assessment_reviewer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessment
    ADD CONSTRAINT assessment_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES public."user"(id);


--
-- Name: assessment assessment_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessment
    ADD CONSTRAINT assessment_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.requestrevision(id);


--
-- Name: auditevent auditevent_actor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditevent
    ADD CONSTRAINT auditevent_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES public."user"(id);


--
-- Name: auditevent auditevent_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditevent
    ADD CONSTRAINT auditevent_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: auditevent auditevent_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditevent
    ADD CONSTRAINT auditevent_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.requestrevision(id);


--
-- Name: case case_family_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."case"
    ADD CONSTRAINT case_family_id_fkey FOREIGN KEY (family_id) REFERENCES public.family(id);


--
-- Name: case case_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."case"
    ADD CONSTRAINT case_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public."user"(id);


--
-- Name: case case_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."case"
    ADD CONSTRAINT case_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: caseteammember caseteammember_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.caseteammember
    ADD CONSTRAINT caseteammember_case_id_fkey FOREIGN KEY (case_id) REFERENCES public."case"(id);


--
-- Name: caseteammember caseteammember_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.caseteammember
    ADD CONSTRAINT caseteammember_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: childvoice childvoice_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.childvoice
    ADD CONSTRAINT childvoice_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.person(id);


--
-- Name: childvoice childvoice_recorded_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.childvoice
    ADD CONSTRAINT childvoice_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES public."user"(id);


--
-- Name: childvoice childvoice_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.childvoice
    ADD CONSTRAINT childvoice_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: courtdocument courtdocument_rendered_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.courtdocument
    ADD CONSTRAINT courtdocument_rendered_by_fkey FOREIGN KEY (rendered_by) REFERENCES public."user"(id);


--
-- Name: courtdocument courtdocument_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.courtdocument
    ADD CONSTRAINT courtdocument_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: courtdocument courtdocument_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.courtdocument
    ADD CONSTRAINT courtdocument_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.requestrevision(id);


--
-- Name: declaredconflict declaredconflict_family_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.declaredconflict
    ADD CONSTRAINT declaredconflict_family_id_fkey FOREIGN KEY (family_id) REFERENCES public.family(id);


--
-- Name: declaredconflict declaredconflict_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.declaredconflict
    ADD CONSTRAINT declaredconflict_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.person(id);


--
-- Name: declaredconflict declaredconflict_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.declaredconflict
    ADD CONSTRAINT declaredconflict_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: declaredconflict declaredconflict_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.declaredconflict
    ADD CONSTRAINT declaredconflict_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: escalation escalation_decided_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.escalation
    ADD CONSTRAINT escalation_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES public."user"(id);


--
-- Name: escalation escalation_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.escalation
    ADD CONSTRAINT escalation_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: escalation escalation_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.escalation
    ADD CONSTRAINT escalation_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.requestrevision(id);


--
-- Name: event event_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: family family_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.family
    ADD CONSTRAINT family_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: followuphearing followuphearing_party_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.followuphearing
    ADD CONSTRAINT followuphearing_party_id_fkey FOREIGN KEY (party_id) REFERENCES public.hearingparty(id);


--
-- Name: followuphearing followuphearing_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.followuphearing
    ADD CONSTRAINT followuphearing_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: hearingparty hearingparty_invited_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hearingparty
    ADD CONSTRAINT hearingparty_invited_revision_id_fkey FOREIGN KEY (invited_revision_id) REFERENCES public.requestrevision(id);


--
-- Name: hearingparty hearingparty_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hearingparty
    ADD CONSTRAINT hearingparty_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.person(id);


--
-- Name: hearingparty hearingparty_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hearingparty
    ADD CONSTRAINT hearingparty_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: mailmessage mailmessage_party_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mailmessage
    ADD CONSTRAINT mailmessage_party_id_fkey FOREIGN KEY (party_id) REFERENCES public.hearingparty(id);


--
-- Name: mailmessage mailmessage_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mailmessage
    ADD CONSTRAINT mailmessage_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: mailmessage mailmessage_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mailmessage
    ADD CONSTRAINT mailmessage_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: panelseat panelseat_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.panelseat
    ADD CONSTRAINT panelseat_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: panelseat panelseat_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.panelseat
    ADD CONSTRAINT panelseat_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: person person_family_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person
    ADD CONSTRAINT person_family_id_fkey FOREIGN KEY (family_id) REFERENCES public.family(id);


--
-- Name: portallink portallink_party_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.portallink
    ADD CONSTRAINT portallink_party_id_fkey FOREIGN KEY (party_id) REFERENCES public.hearingparty(id);


--
-- Name: portallink portallink_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.portallink
    ADD CONSTRAINT portallink_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: reinvitewaiver reinvitewaiver_party_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reinvitewaiver
    ADD CONSTRAINT reinvitewaiver_party_id_fkey FOREIGN KEY (party_id) REFERENCES public.hearingparty(id);


--
-- Name: reinvitewaiver reinvitewaiver_recorded_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reinvitewaiver
    ADD CONSTRAINT reinvitewaiver_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES public."user"(id);


--
-- Name: reinvitewaiver reinvitewaiver_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reinvitewaiver
    ADD CONSTRAINT reinvitewaiver_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: reinvitewaiver reinvitewaiver_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reinvitewaiver
    ADD CONSTRAINT reinvitewaiver_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.requestrevision(id);


--
-- Name: request request_approved_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request
    ADD CONSTRAINT request_approved_revision_id_fkey FOREIGN KEY (approved_revision_id) REFERENCES public.requestrevision(id);


--
-- Name: request request_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request
    ADD CONSTRAINT request_case_id_fkey FOREIGN KEY (case_id) REFERENCES public."case"(id);


--
-- Name: request request_current_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request
    ADD CONSTRAINT request_current_revision_id_fkey FOREIGN KEY (current_revision_id) REFERENCES public.requestrevision(id);


--
-- Name: request request_minor_change_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request
    ADD CONSTRAINT request_minor_change_revision_id_fkey FOREIGN KEY (minor_change_revision_id) REFERENCES public.requestrevision(id);


--
-- Name: request request_requester_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request
    ADD CONSTRAINT request_requester_id_fkey FOREIGN KEY (requester_id) REFERENCES public."user"(id);


--
-- Name: request request_returned_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request
    ADD CONSTRAINT request_returned_revision_id_fkey FOREIGN KEY (returned_revision_id) REFERENCES public.requestrevision(id);


--
-- Name: request request_urgency_accepted_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request
    ADD CONSTRAINT request_urgency_accepted_by_fkey FOREIGN KEY (urgency_accepted_by) REFERENCES public."user"(id);


--
-- Name: requestrevision requestrevision_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requestrevision
    ADD CONSTRAINT requestrevision_created_by_fkey FOREIGN KEY (created_by) REFERENCES public."user"(id);


--
-- Name: requestrevision requestrevision_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requestrevision
    ADD CONSTRAINT requestrevision_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: signoff signoff_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.signoff
    ADD CONSTRAINT signoff_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: signoff signoff_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.signoff
    ADD CONSTRAINT signoff_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.requestrevision(id);


--
-- Name: signoff signoff_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.signoff
    ADD CONSTRAINT signoff_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: unavailability unavailability_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.unavailability
    ADD CONSTRAINT unavailability_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: user user_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: verdict verdict_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.verdict
    ADD CONSTRAINT verdict_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: verdict verdict_reviewer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.verdict
    ADD CONSTRAINT verdict_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES public."user"(id);


--
-- Name: verdict verdict_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.verdict
    ADD CONSTRAINT verdict_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.requestrevision(id);


--
-- Name: verdict verdict_seat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.verdict
    ADD CONSTRAINT verdict_seat_id_fkey FOREIGN KEY (seat_id) REFERENCES public.panelseat(id);


--
-- Name: warningacceptance warningacceptance_accepted_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.warningacceptance
    ADD CONSTRAINT warningacceptance_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES public."user"(id);


--
-- Name: warningacceptance warningacceptance_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.warningacceptance
    ADD CONSTRAINT warningacceptance_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.request(id);


--
-- Name: warningacceptance warningacceptance_revision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.warningacceptance
    ADD CONSTRAINT warningacceptance_revision_id_fkey FOREIGN KEY (revision_id) REFERENCES public.requestrevision(id);


--
-- Name: workspacesession workspacesession_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.workspacesession
    ADD CONSTRAINT workspacesession_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- PostgreSQL database dump complete
--


