//! The `gazette.v1.DictionaryService` service: what is loaded, and lookups.

use std::collections::HashMap;
use std::sync::Arc;

use tonic::{Request, Response, Status};

use super::pb::dictionary_service_server::DictionaryService;
use super::status::ApiError;
use super::{Shared, convert, pb};

/// The dictionary service.
#[derive(Debug, Clone)]
pub struct Admin {
    shared: Arc<Shared>,
}

impl Admin {
    /// A service over the shared engine.
    pub fn new(shared: Arc<Shared>) -> Admin {
        Admin { shared }
    }
}

#[tonic::async_trait]
impl DictionaryService for Admin {
    #[tracing::instrument(name = "GetDictionary", skip_all)]
    async fn get_dictionary(
        &self,
        _request: Request<pb::GetDictionaryRequest>,
    ) -> Result<Response<pb::GetDictionaryResponse>, Status> {
        let engine = self.shared.dictionary.engine();
        let mut counts: HashMap<String, u64> = HashMap::new();
        for entry in engine.entries() {
            *counts.entry(entry.label.to_string()).or_default() += 1;
        }
        Ok(Response::new(pb::GetDictionaryResponse {
            version: engine.version().to_string(),
            entity_counts: counts,
            total_entities: engine.entries().len() as u64,
            total_aliases: engine.alias_count() as u64,
            sources: engine
                .dictionary()
                .sources()
                .iter()
                .map(|s| pb::DictionarySource {
                    name: s.name.clone(),
                    entities: s.entities as u64,
                    dictionary: s.dictionary.clone(),
                })
                .collect(),
            loaded_at: Some(prost_types::Timestamp::from(engine.loaded_at())),
        }))
    }

    #[tracing::instrument(name = "LookupEntity", skip_all, fields(found = tracing::field::Empty))]
    async fn lookup_entity(
        &self,
        request: Request<pb::LookupEntityRequest>,
    ) -> Result<Response<pb::LookupEntityResponse>, Status> {
        let query = request.into_inner().query;
        if query.trim().is_empty() {
            return Err(ApiError::EmptyQuery.into());
        }
        let engine = self.shared.dictionary.engine();
        let entries: Vec<pb::DictionaryEntry> = engine
            .lookup(&query)
            .into_iter()
            .map(convert::dictionary_entry)
            .collect();
        tracing::Span::current().record("found", entries.len());
        Ok(Response::new(pb::LookupEntityResponse { entries }))
    }

    #[tracing::instrument(name = "ReloadDictionary", skip_all)]
    async fn reload_dictionary(
        &self,
        request: Request<pb::ReloadDictionaryRequest>,
    ) -> Result<Response<pb::ReloadDictionaryResponse>, Status> {
        if let Some(token) = &self.shared.admin_token {
            token.check(request.metadata())?;
        }
        let reloaded = self
            .shared
            .dictionary
            .reload()
            .await
            .map_err(ApiError::Reload)?;
        Ok(Response::new(pb::ReloadDictionaryResponse {
            version: reloaded.engine.version().to_string(),
            changed: reloaded.engine.version() != reloaded.previous_version,
            previous_version: reloaded.previous_version,
            total_entities: reloaded.engine.entries().len() as u64,
        }))
    }
}
