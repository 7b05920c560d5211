"""Every area's tables, imported in one place so Alembic and the app see the whole schema."""

from marketplace.accounts.models import ApiToken, User  # noqa: F401
from marketplace.awards import models as awards_models  # noqa: F401  (programmes, dossiers, sheets, votes)
from marketplace.catalogue.counts import CatalogueCount  # noqa: F401
from marketplace.catalogue.imports.models import ImportJob  # noqa: F401
from marketplace.catalogue.models import Category, Certification, Product, ProductPhoto  # noqa: F401
from marketplace.core.audit import AuditEvent  # noqa: F401
from marketplace.fairs.announcements.models import Announcement, CallDelivery, CallSubscription  # noqa: F401
from marketplace.fairs.leads.models import Lead, LeadProduct  # noqa: F401
from marketplace.fairs.meetings.models import Meeting, MeetingSlot  # noqa: F401
from marketplace.fairs.models import Booking, BookingProduct, Booth, BoothType, Fair, Hall, WaitlistEntry  # noqa: F401
from marketplace.fairs.onsite.models import CheckIn, ExhibitorBadge  # noqa: F401
from marketplace.geography.models import CommuneRow, ProvinceRow  # noqa: F401
from marketplace.inquiries.models import BuyingRequest, Inquiry, Message, Notice, Quote  # noqa: F401
from marketplace.payments.models import BankStatement, Invoice, PaymentTransaction, StripeEvent  # noqa: F401
from marketplace.producers.models import Producer, ProducerMember, ProducerPhoto, VerificationCheck  # noqa: F401
from marketplace.search.saved.models import SavedSearch, SavedSearchDelivery  # noqa: F401
