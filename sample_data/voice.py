"""The sample person's voice: fragments the generator composes into notes, triggers and reflections.

Texts are built from several independent pieces, so a year of entries rarely repeats itself.
No text names a weekday or a date: `load_sample` shifts the calendar, and words must stay true.
"""

from __future__ import annotations

import numpy as np

EMOTIONS = {
    "low": (
        "sad",
        "tired",
        "anxious",
        "overwhelmed",
        "lonely",
        "irritable",
        "numb",
        "ashamed",
        "flat",
        "tense",
        "heavy",
        "stuck",
    ),
    "mid": (
        "okay",
        "restless",
        "calm",
        "distracted",
        "hopeful",
        "tired",
        "content",
        "unsettled",
        "curious",
        "steady",
    ),
    "high": (
        "calm",
        "hopeful",
        "grateful",
        "content",
        "proud",
        "connected",
        "light",
        "energised",
        "relieved",
        "curious",
        "settled",
    ),
}

CHECK_IN_NOTES = {
    "low": (
        "Woke up already dreading the day.",
        "Hard to get going. Everything feels like a lot.",
        "Cried in the car before work. I think I needed to.",
        "Cancelled plans again. Part relief, part guilt.",
        "My chest has been tight since this morning.",
        "Scrolled for an hour instead of sleeping.",
        "The old voice is loud today: not enough, not enough.",
        "I snapped at someone I love and hated it.",
        "Slept badly. Everything is grey around the edges.",
        "Not much to say. Just getting through it.",
        "I know this is a dip. Knowing does not make it lighter.",
        "Ate lunch at my desk and did not taste it.",
    ),
    "mid": (
        "An ordinary day. Some good bits, some tired bits.",
        "Busy but manageable.",
        "A bit scattered, but I noticed it sooner than usual.",
        "Went for a walk at lunch; it helped more than I expected.",
        "Had a decent chat with my sister.",
        "Tired in the evening, nothing dramatic.",
        "Work was fine. Home was fine. Fine is fine.",
        "Some worry buzzing in the background.",
        "Made a real dinner for once.",
        "Noticed I was holding my breath in the meeting.",
        "Half a good day. I will take it.",
    ),
    "high": (
        "Felt like myself today.",
        "Laughed properly at dinner.",
        "Said what I needed and the world did not end.",
        "Got outside early, the light was lovely.",
        "Calm most of the day, even with the deadline.",
        "Finished something I had been avoiding for weeks.",
        "Slept well. What a difference.",
        "Good talk with my partner, no defending, just talking.",
        "I noticed a worry and let it pass by.",
        "A quiet, kind evening.",
        "Proud of how I handled the call this morning.",
    ),
}

CHECK_IN_TAILS = (
    "",
    "",
    "",
    " Early night.",
    " Trying to be gentle with myself.",
    " Bringing this to therapy maybe.",
    " Tea and a book now.",
    " Will see how tomorrow goes.",
    " Breathing helped a little.",
)

WHAT_HAPPENED = {
    "Work": (
        "Inbox full of urgent requests first thing",
        "Manager moved the deadline up without asking",
        "Got criticised in the team meeting",
        "Asked to cover for a colleague again",
        "Weekly planning meeting ran over and everything landed on me",
        "A client email with a sharp tone",
        "Realised I had double-booked myself",
        "Feedback on my report was all about what was missing",
        "Someone took credit for my idea",
        "Backlog from the weekend waiting for me",
    ),
    "Family": (
        "Call with my mother turned into a list of what I am doing wrong",
        "Family dinner, the usual comments about my job",
        "My brother asked for money again",
        "Dad did not ask a single question about me",
        "Planning the holidays with everyone's expectations",
        "Old argument with my sister came back up",
        "Mum hinted I do not visit enough",
        "Family group chat blew up",
    ),
    "Partner": (
        "We argued about chores",
        "Felt ignored when they were on their phone all evening",
        "A joke landed badly and I went quiet",
        "Disagreed about money for the trip",
        "They were late and did not text",
        "Talked about moving and it got tense",
        "I felt criticised about how I spend my evenings",
    ),
    "Friends and social": (
        "Big party, I knew almost nobody",
        "Friend cancelled at the last minute",
        "Saw photos of a get-together I was not invited to",
        "Felt like the odd one out at dinner",
        "A friend needed a lot from me when I had nothing left",
    ),
    "Body and health": (
        "Headache that would not shift",
        "Saw my reflection and spiralled a bit",
        "Doctor's appointment, waiting for results",
        "Woke with my heart racing",
        "Back pain after a long day at the desk",
    ),
    "Money": (
        "Unexpected bill",
        "Checked my bank balance before payday",
        "Rent increase letter",
        "Card declined at the shop",
    ),
    "News and online": (
        "Doomscrolled the news before bed",
        "Read the comments. Should not have.",
        "A post from an ex showed up in my feed",
        "Work chat notifications late at night",
    ),
    "Memories": (
        "A song from that year came on",
        "Drove past my old school",
        "Anniversary of a hard time",
        "Found old letters while tidying",
    ),
    "Other": (
        "Missed the train by seconds",
        "Neighbours loud until late",
        "Lost my keys and panicked",
        "Long queue and a rude stranger",
    ),
}

RESPONSES = {
    "new_skill": (
        "Paused and did three slow breaths before answering",
        "Said I could not take it on this week, kindly",
        "Named the feeling to myself: this is anxiety, it will pass",
        "Asked for a day to think instead of saying yes",
        "Used an I-statement: I feel hurt when...",
        "Grounded with 5-4-3-2-1 in the bathroom",
        "Took a short walk before replying",
        "Told them what I needed instead of hinting",
        "Let myself rest instead of pushing through",
        "Noticed the urge to fix it and just listened",
        "Put my hand on my chest and slowed down",
        "Wrote it down and came back to it later",
        "Held the boundary I set last week",
        "Checked in with my body: tight shoulders, so I stopped",
        "Asked a question before assuming the worst",
    ),
    "old_pattern": (
        "Said yes straight away and regretted it",
        "Went quiet and pretended I was fine",
        "Worked late to make up for it",
        "Scrolled on my phone for an hour to not feel it",
        "Apologised for something that was not my fault",
        "Snapped back and then felt awful",
        "Ate a whole packet of biscuits",
        "Replayed it in my head all night",
        "Avoided them for the rest of the day",
        "Over-explained myself for ten minutes",
        "Shut down and went to bed early",
        "Agreed just to end the conversation",
    ),
    "other": (
        "Not sure. I just carried on",
        "Talked to a friend about it",
        "Made a joke and moved on",
        "Went to the gym",
        "Did nothing in particular",
        "Left it for later",
    ),
}

TRIGGER_NOTES = (
    "Same thing as last time, I think.",
    "Felt it in my stomach first.",
    "Bring to session?",
    "Easier than it would have been a few months ago.",
    "Tired already, so it hit harder.",
    "Noticed it sooner this time.",
    "Still thinking about it.",
)

PRACTICE_NOTES = (
    "Short one but it counts.",
    "Hard to focus, did it anyway.",
    "Felt calmer after.",
    "Did it on the bus.",
    "Only a few minutes.",
    "Easier than last week.",
    "My mind kept wandering; kept coming back.",
    "Rest day, on purpose.",
)

SESSION_NOTES = (
    "Talked about the pressure at work and where the need to please comes from.",
    "Went through the week's triggers; work keeps showing up in the mornings.",
    "Mostly about my family and the guilt that comes with saying no.",
    "Practised an I-statement out loud. Awkward but useful.",
    "Talked about the harder stretch and what helped me out of it.",
    "Looked at how I rest, or do not.",
    "My partner and the chores argument; what was under it.",
    "Grounding exercise at the start. Talked about sleep.",
    "Reviewed my practices; adding a new one.",
    "A quieter session, lots of silence, which was good.",
    "Early memories came up. Heavy but important.",
    "Celebrated a few small wins, which felt strange and good.",
)

# Reflection fragments, by prompt and by how the week went ("hard", "steady", "good").
NOTICING_OPEN = {
    "hard": (
        "This was a harder week.",
        "I have been lower than I would like.",
        "Everything felt heavier this week.",
        "The week got away from me.",
        "I noticed the old tiredness creeping back.",
    ),
    "steady": (
        "A fairly ordinary week.",
        "Not much changed, which is okay.",
        "The week was up and down but mostly level.",
        "I have been busy and a bit distracted.",
        "Things were steady.",
    ),
    "good": (
        "A lighter week than I expected.",
        "I have felt more like myself.",
        "Something has eased a little.",
        "I had more good days than not.",
        "I noticed I was calmer in situations that used to knock me over.",
    ),
}

NOTICING_DETAIL = (
    "{Topic} came up most, {n_top_times}.",
    "The triggers were mostly about {topic}.",
    "{Topic} still gets to me quicker than anything else.",
    "I logged {n_triggers} triggers; {topic} again was the main one.",
    "My body notices before I do: tight jaw, shallow breath.",
    "I sleep worse when I have not said what I needed.",
    "I keep checking my phone when I feel uneasy.",
    "I am kinder to other people than to myself.",
)

TRIED_NEW = {
    "skill": (
        "I tried a new response {n_new_times} this week.",
        "{n_new_times_cap} I caught myself and did something different.",
        "When {topic} got tense I paused before answering.",
        "I said no to an extra task and did not over-explain.",
        "I used grounding during a hard moment instead of scrolling.",
        "I told my partner what I needed instead of sulking.",
        "I asked for more time rather than agreeing straight away.",
    ),
    "none": (
        "Honestly, not much. I was in survival mode.",
        "I did not manage anything new, and I am trying not to judge that.",
        "Mostly the old ways this week.",
    ),
    "practice": (
        " I kept up {practice_lower}.",
        " {practice} is starting to feel more natural.",
        " I practised {practice_lower} {n_practice_times}.",
        "",
    ),
}

# "What felt hard, and what did I learn?": a hard part by how the week went, then a lesson.
HARD = {
    "hard": (
        "It was hard to get out of bed some days.",
        "I fell back into people-pleasing.",
        "Feeling low made everything seem permanent.",
        "I pulled away from people.",
        "I was harsh with myself about the dip.",
        "The evenings were the worst part.",
        "I could not face the messages piling up.",
    ),
    "steady": (
        "Sitting with discomfort instead of fixing it straight away.",
        "Saying no felt rude.",
        "Resting without earning it first.",
        "A disagreement with my partner.",
        "Not answering every message immediately.",
        "Staying in the conversation when I wanted to leave.",
        "Noticing the old pattern a second too late.",
    ),
    "good": (
        "Trusting a good week without waiting for the catch.",
        "Letting people see me tired.",
        "Asking for help.",
        "Slowing down when things were going well.",
        "Celebrating something small.",
        "Not filling every free evening.",
    ),
}
LEARNED = (
    "I learned that a small step still counts.",
    "It passed, which it always does.",
    "Nobody else seemed to think it was a big deal.",
    "I do it most when I am tired.",
    "Reaching out, even a little, helped.",
    "Noticing it is the first step.",
    "It was easier than I feared.",
    "Conflict does not have to mean disconnection.",
    "Being kind to myself works better than pushing.",
    "I can feel two things at once.",
    "My body knew before my head did.",
    "I want to remember this next time.",
)

BRING_NEXT = (
    "How to keep going when {topic} flares up.",
    "The guilt after I say no.",
    "Why work mornings hit so hard.",
    "What to do when grounding does not work.",
    "My relationship with rest.",
    "The pattern with my family visits.",
    "How far I have come since I started therapy.",
    "What I want from the next few months of therapy.",
    "The fear that the good stretch will not last.",
    "How to repair after an argument.",
    "Sleep, again.",
    "Boundaries at work.",
)


# How the person talks about each trigger category in a sentence.
TOPICS = {
    "Work": "work",
    "Family": "my family",
    "Partner": "things with my partner",
    "Friends and social": "social plans",
    "Body and health": "my health",
    "Money": "money",
    "News and online": "the news",
    "Memories": "old memories",
    "Other": "everyday hassles",
}

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def times(n: int) -> str:
    """How often, as a person writes it: 'once', 'twice', 'three times', '12 times'."""
    if n == 1:
        return "once"
    if n == 2:
        return "twice"
    return f"{NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else n} times"


def pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]
